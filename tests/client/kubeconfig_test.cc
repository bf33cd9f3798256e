// Reading kubeconfigs: embedded and file credentials, contexts, errors.
#include "client/kubeconfig.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "registry/continue_token.h"

namespace kapi::client {
namespace {

std::string config_with_user(const std::string& user_block) {
  return "apiVersion: v1\nkind: Config\n"
         "clusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:6443\n"
         "    certificate-authority-data: " + registry::base64_encode("CA PEM") + "\n"
         "users:\n- name: u\n  user:\n" + user_block +
         "contexts:\n- name: ctx\n  context:\n    cluster: c\n    user: u\n"
         "- name: other\n  context:\n    cluster: missing\n    user: u\n"
         "current-context: ctx\n";
}

TEST(KubeConfigTest, EmbeddedClientCertificate) {
  std::string yaml = config_with_user("    client-certificate-data: " + registry::base64_encode("CERT") + "\n" +
                                      "    client-key-data: " + registry::base64_encode("KEY") + "\n");
  auto parsed = parse_kubeconfig(yaml, "");
  ASSERT_EQ(parsed.index(), 0u) << std::get<1>(parsed);
  const auto& c = std::get<0>(parsed);
  EXPECT_EQ(c.server, "https://127.0.0.1:6443");
  EXPECT_EQ(c.ca_pem, "CA PEM");
  EXPECT_EQ(c.client_cert_pem, "CERT");
  EXPECT_EQ(c.client_key_pem, "KEY");
  EXPECT_TRUE(c.token.empty());
}

TEST(KubeConfigTest, TokenAndFilesRelativeToTheConfig) {
  auto dir = std::filesystem::temp_directory_path() / ("kapi-kubeconfig-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "token.txt") << "s3cret\n";
  std::string yaml = "clusters:\n- name: c\n  cluster:\n    server: https://h:1\n    certificate-authority: ca.pem\n"
                     "users:\n- name: u\n  user:\n    tokenFile: token.txt\n"
                     "contexts:\n- name: ctx\n  context: {cluster: c, user: u}\ncurrent-context: ctx\n";
  std::ofstream(dir / "ca.pem") << "FILE CA";
  std::ofstream(dir / "config") << yaml;
  auto parsed = load_kubeconfig((dir / "config").string());
  std::filesystem::remove_all(dir);
  ASSERT_EQ(parsed.index(), 0u) << std::get<1>(parsed);
  EXPECT_EQ(std::get<0>(parsed).ca_pem, "FILE CA");
  EXPECT_EQ(std::get<0>(parsed).token, "s3cret");
}

TEST(KubeConfigTest, ErrorsSayWhatIsWrong) {
  std::string yaml = config_with_user("    token: abc\n");
  auto other = parse_kubeconfig(yaml, "", "other");
  ASSERT_EQ(other.index(), 1u);
  EXPECT_EQ(std::get<1>(other), "cluster \"missing\" not found in kubeconfig");
  auto nothing = parse_kubeconfig(yaml, "", "nope");
  ASSERT_EQ(nothing.index(), 1u);
  EXPECT_EQ(std::get<1>(nothing), "context \"nope\" not found in kubeconfig");
  auto half = parse_kubeconfig(config_with_user("    client-certificate-data: " + registry::base64_encode("C") + "\n"), "");
  ASSERT_EQ(half.index(), 1u);
  EXPECT_EQ(std::get<1>(half), "user \"u\" needs both a client certificate and a client key");
  auto broken = parse_kubeconfig("clusters: [", "");
  ASSERT_EQ(broken.index(), 1u);
  EXPECT_EQ(std::get<1>(broken).rfind("kubeconfig is not valid YAML", 0), 0u);
  EXPECT_EQ(std::get<0>(parse_kubeconfig(yaml, "")).token, "abc");
}

}  // namespace
}  // namespace kapi::client
