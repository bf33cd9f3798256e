// write_kubeconfig: file shape, embedded credentials, mode, and that real kubectl reads it.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "apiserver/pki/file_io.h"
#include "apiserver/pki/pki.h"
#include "tests/apiserver_pki/pki_test_support.h"

namespace kapi::apiserver::pki {
namespace {

using testing::permissions;
using testing::slurp;
using testing::TempDir;

PkiPaths make_pki(const TempDir& dir) {
  auto result = ensure_pki(dir.str(), "127.0.0.1");
  EXPECT_TRUE(std::holds_alternative<PkiPaths>(result));
  return std::get<PkiPaths>(result);
}

std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  std::array<char, 4096> buffer;
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
    output.append(buffer.data(), n);
  }
  ::pclose(pipe);
  return output;
}

TEST(Kubeconfig, HasTheExpectedStructureAndEmbeddedCredentials) {
  TempDir dir;
  PkiPaths paths = make_pki(dir);
  std::string path = (dir.path() / "kubeconfig").string();
  ASSERT_EQ(write_kubeconfig(path, "https://127.0.0.1:6443", paths), std::nullopt);

  YAML::Node config = YAML::LoadFile(path);
  EXPECT_EQ(config["apiVersion"].as<std::string>(), "v1");
  EXPECT_EQ(config["kind"].as<std::string>(), "Config");
  EXPECT_EQ(config["current-context"].as<std::string>(), "kapi");
  ASSERT_EQ(config["clusters"].size(), 1u);
  EXPECT_EQ(config["clusters"][0]["name"].as<std::string>(), "kapi");
  EXPECT_EQ(config["clusters"][0]["cluster"]["server"].as<std::string>(), "https://127.0.0.1:6443");
  EXPECT_EQ(config["clusters"][0]["cluster"]["certificate-authority-data"].as<std::string>(),
            base64_encode(slurp(paths.ca_cert)));
  ASSERT_EQ(config["users"].size(), 1u);
  EXPECT_EQ(config["users"][0]["name"].as<std::string>(), "kapi-admin");
  EXPECT_EQ(config["users"][0]["user"]["client-certificate-data"].as<std::string>(),
            base64_encode(slurp(paths.admin_cert)));
  EXPECT_EQ(config["users"][0]["user"]["client-key-data"].as<std::string>(),
            base64_encode(slurp(paths.admin_key)));
  ASSERT_EQ(config["contexts"].size(), 1u);
  EXPECT_EQ(config["contexts"][0]["name"].as<std::string>(), "kapi");
  EXPECT_EQ(config["contexts"][0]["context"]["cluster"].as<std::string>(), "kapi");
  EXPECT_EQ(config["contexts"][0]["context"]["user"].as<std::string>(), "kapi-admin");
}

TEST(Kubeconfig, EmbedsCredentialsAsDoubleQuotedScalars) {
  TempDir dir;
  PkiPaths paths = make_pki(dir);
  std::string path = (dir.path() / "kubeconfig").string();
  ASSERT_EQ(write_kubeconfig(path, "https://127.0.0.1:6443", paths), std::nullopt);
  const std::string text = slurp(path);
  EXPECT_NE(text.find("client-key-data: \"" + base64_encode(slurp(paths.admin_key)) + "\"\n"), std::string::npos);
  EXPECT_NE(text.find("certificate-authority-data: \"" + base64_encode(slurp(paths.ca_cert)) + "\"\n"),
            std::string::npos);
}

TEST(Kubeconfig, IsPrivateAndReplacedAtomicallyWithoutLeftovers) {
  TempDir dir;
  PkiPaths paths = make_pki(dir);
  std::string path = (dir.path() / "nested" / "kubeconfig").string();
  ASSERT_EQ(write_kubeconfig(path, "https://127.0.0.1:1111", paths), std::nullopt);
  EXPECT_EQ(permissions(path), 0600u);
  ASSERT_EQ(write_kubeconfig(path, "https://127.0.0.1:2222", paths), std::nullopt);
  EXPECT_EQ(permissions(path), 0600u);
  EXPECT_NE(slurp(path).find("https://127.0.0.1:2222"), std::string::npos);
  int entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "nested")) {
    (void)entry;
    ++entries;
  }
  EXPECT_EQ(entries, 1) << "no temp files left beside the kubeconfig";
}

TEST(Kubeconfig, MissingCredentialsAreAnError) {
  TempDir dir;
  PkiPaths paths = make_pki(dir);
  std::filesystem::remove(paths.admin_key);
  auto error = write_kubeconfig((dir.path() / "kubeconfig").string(), "https://x", paths);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("admin.key"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "kubeconfig"));
}

TEST(Kubeconfig, RealKubectlReadsIt) {
  if (!std::filesystem::exists("/usr/bin/kubectl")) GTEST_SKIP() << "no /usr/bin/kubectl";
  TempDir dir;
  PkiPaths paths = make_pki(dir);
  std::string path = (dir.path() / "kubeconfig").string();
  ASSERT_EQ(write_kubeconfig(path, "https://127.0.0.1:6443", paths), std::nullopt);

  // A fresh HOME keeps kubectl away from the caller's ~/.kube.
  std::string output = run("HOME=" + dir.str() + " /usr/bin/kubectl --kubeconfig " + path +
                           " config view --raw -o json 2>&1");
  nlohmann::json view = nlohmann::json::parse(output, nullptr, false);
  ASSERT_FALSE(view.is_discarded()) << output;
  EXPECT_EQ(view["current-context"], "kapi");
  EXPECT_EQ(view["clusters"][0]["cluster"]["server"], "https://127.0.0.1:6443");
  EXPECT_EQ(view["clusters"][0]["cluster"]["certificate-authority-data"],
            base64_encode(slurp(paths.ca_cert)));
  EXPECT_EQ(view["users"][0]["user"]["client-key-data"], base64_encode(slurp(paths.admin_key)));
  EXPECT_EQ(view["contexts"][0]["context"]["user"], "kapi-admin");

  std::string context = run("HOME=" + dir.str() + " /usr/bin/kubectl --kubeconfig " + path +
                            " config current-context 2>&1");
  EXPECT_EQ(context, "kapi\n");
}

}  // namespace
}  // namespace kapi::apiserver::pki
