// HttpTransport against a scripted TLS peer: answers however they are cut into records and reads,
// bodies delimited by the close, answers cut short, and one record per small request.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <vector>
#include <thread>
#include <string>

#include "client/http_transport.h"
#include "tests/client/tls_test_server.h"

namespace kapi::client {
namespace {

using testing::Issued;
using testing::issue;
using testing::TlsTestServer;

class HttpTransportTest : public ::testing::Test {
 protected:
  HttpTransportTest() : root_(issue("test root", true, "", nullptr)), serving_(issue("server", false, "serverAuth", &root_)) {}

  std::unique_ptr<HttpTransport> transport(const TlsTestServer& server) {
    TlsSettings tls;
    tls.ca_pem = apiserver::pki::certificate_pem(root_.cert.get());
    auto made = HttpTransport::create(server.url(), tls);
    EXPECT_EQ(made.index(), 0u);
    return made.index() == 0 ? std::move(std::get<0>(made)) : nullptr;
  }

  static HttpRequest get(const std::string& target) { return HttpRequest{"GET", target, {}, ""}; }

  // Reads one request's head (and a body of its Content-Length); returns the first SSL_read's
  // bytes, so a test can see whether the request came in one record.
  static std::string read_request(SSL* ssl, std::string* whole = nullptr) {
    std::string in, first;
    char buffer[4096];
    for (;;) {
      const auto head_end = in.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        size_t length = 0;
        if (auto at = in.find("Content-Length: "); at != std::string::npos) length = std::stoul(in.substr(at + 16));
        if (in.size() >= head_end + 4 + length) break;
      }
      const int n = SSL_read(ssl, buffer, sizeof buffer);
      if (n <= 0) break;
      if (first.empty()) first.assign(buffer, static_cast<size_t>(n));
      in.append(buffer, static_cast<size_t>(n));
    }
    if (whole) *whole = in;
    return first;
  }

  // Writes `bytes` one byte per TLS record (and so, mostly, per read of the client's).
  static void write_bytewise(SSL* ssl, const std::string& bytes) {
    for (char c : bytes) SSL_write(ssl, &c, 1);
  }

  Issued root_, serving_;
};

TEST_F(HttpTransportTest, AnAnswerInOneByteRecordsArrivesWhole) {
  TlsTestServer server(serving_, nullptr, 1, [](SSL* ssl) {
    ASSERT_NE(ssl, nullptr);
    read_request(ssl);
    write_bytewise(ssl, "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"bcd\"}");
    SSL_shutdown(ssl);
  });
  auto answer = transport(server)->round_trip(get("/x"));
  ASSERT_EQ(answer.index(), 0u) << std::get<1>(answer);
  EXPECT_EQ(std::get<0>(answer).status, 201);
  EXPECT_EQ(std::get<0>(answer).content_type, "application/json");
  EXPECT_EQ(std::get<0>(answer).body, "{\"a\":\"bcd\"}");
}

TEST_F(HttpTransportTest, ABodyDelimitedByTheCloseIsWholeEvenWithoutCloseNotify) {
  TlsTestServer server(serving_, nullptr, 1, [](SSL* ssl) {
    ASSERT_NE(ssl, nullptr);
    read_request(ssl);
    write_bytewise(ssl, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it");
    // No SSL_shutdown: the socket just closes.
  });
  auto answer = transport(server)->round_trip(get("/x"));
  ASSERT_EQ(answer.index(), 0u) << std::get<1>(answer);
  EXPECT_EQ(std::get<0>(answer).body, "all of it");
}

TEST_F(HttpTransportTest, AnAnswerCutShortOfItsContentLengthIsAnError) {
  TlsTestServer server(serving_, nullptr, 2, [](SSL* ssl) {  // the retry on a fresh connection too
    ASSERT_NE(ssl, nullptr);
    read_request(ssl);
    const std::string cut = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this";
    SSL_write(ssl, cut.data(), static_cast<int>(cut.size()));
  });
  auto t = transport(server);
  auto answer = t->round_trip(get("/x"));
  ASSERT_EQ(answer.index(), 1u) << "body: " << std::get<0>(answer).body;
  EXPECT_NE(std::get<1>(answer).find("GET /x failed"), std::string::npos) << std::get<1>(answer);
  (void)t->round_trip(get("/y"));  // the server's second connection
}

TEST_F(HttpTransportTest, RequestsShareAKeptAliveConnectionEachInOneRecord) {
  std::atomic<int> requests{0};
  std::string first_read, second_read;
  TlsTestServer server(serving_, nullptr, 1, [&](SSL* ssl) {
    ASSERT_NE(ssl, nullptr);
    for (std::string* read : {&first_read, &second_read}) {
      std::string whole;
      *read = read_request(ssl, &whole);
      EXPECT_EQ(*read, whole);
      ++requests;
      const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
      SSL_write(ssl, ok.data(), static_cast<int>(ok.size()));
    }
    SSL_shutdown(ssl);
  });
  auto t = transport(server);
  HttpRequest post{"POST", "/api/v1/namespaces/a/configmaps", {{"Content-Type", "application/json"}}, "{\"x\":1}"};
  auto one = t->round_trip(post);
  auto two = t->round_trip(get("/second?q=1"));
  ASSERT_EQ(one.index(), 0u) << std::get<1>(one);
  ASSERT_EQ(two.index(), 0u) << std::get<1>(two);
  EXPECT_EQ(requests.load(), 2);
  EXPECT_EQ(first_read.rfind("POST /api/v1/namespaces/a/configmaps HTTP/1.1\r\nHost: 127.0.0.1:", 0), 0u) << first_read;
  EXPECT_NE(first_read.find("\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"x\":1}"), std::string::npos)
      << first_read;
  EXPECT_EQ(second_read.rfind("GET /second?q=1 HTTP/1.1\r\n", 0), 0u) << second_read;
  EXPECT_EQ(second_read.find("Content-Length"), std::string::npos) << second_read;
}

TEST_F(HttpTransportTest, AStreamedChunkedBodyArrivesInOrderThenEnds) {
  TlsTestServer server(serving_, nullptr, 1, [](SSL* ssl) {
    ASSERT_NE(ssl, nullptr);
    read_request(ssl);
    write_bytewise(ssl, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "6\r\nevent1\r\n6\r\nevent2\r\n0\r\n\r\n");
    SSL_shutdown(ssl);
  });
  // The transport is gone before the stream is read: the stream owns its connection.
  auto opened = transport(server)->open_stream(get("/watch"));
  ASSERT_EQ(opened.index(), 0u) << std::get<1>(opened);
  auto& o = std::get<0>(opened);
  EXPECT_EQ(o.head.status, 200);
  ASSERT_NE(o.stream, nullptr);
  std::string body;
  while (auto bytes = o.stream->read()) body += *bytes;
  EXPECT_EQ(body, "event1event2");
}

// A pooled connection the server has closed: the next request's writes fail (EPIPE), which
// must be an error the transport retries on a fresh connection, not a SIGPIPE that ends the
// process (this test's process does not ignore the signal).
TEST_F(HttpTransportTest, AServerClosedPooledConnectionIsRetriedWithoutSigpipe) {
  int served = 0;
  TlsTestServer server(serving_, nullptr, 2, [&](SSL* ssl) {
    ASSERT_NE(ssl, nullptr);
    read_request(ssl);
    const std::string answer = ++served == 1 ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                             : "HTTP/1.1 201 Created\r\nContent-Length: 7\r\n\r\ncreated";
    SSL_write(ssl, answer.data(), static_cast<int>(answer.size()));
    // Returning closes the socket: the first connection without waiting for the client.
  });
  auto t = transport(server);
  auto first = t->round_trip(get("/first"));
  ASSERT_EQ(first.index(), 0u) << std::get<1>(first);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the server has closed it by now
  // Many records: the peer's reset arrives after the first, and the next send meets EPIPE.
  HttpRequest post{"POST", "/big", {{"Content-Type", "application/json"}}, std::string(256 * 1024, 'x')};
  auto second = t->round_trip(post);
  ASSERT_EQ(second.index(), 0u) << std::get<1>(second);
  EXPECT_EQ(std::get<0>(second).status, 201);
  EXPECT_EQ(served, 2);
}

// As client-go on AES hardware: AES-128-GCM first, so a server that follows the client's order
// (OpenSSL's default, kapi's) picks it rather than AES-256-GCM.
TEST_F(HttpTransportTest, OffersTls13SuitesInGosOrder) {
  std::string suite;
  TlsTestServer server(serving_, nullptr, 1, [&](SSL* ssl) {
    ASSERT_NE(ssl, nullptr);
    suite = SSL_CIPHER_get_name(SSL_get_current_cipher(ssl));
    read_request(ssl);
    const std::string ok = "HTTP/1.1 204 No Content\r\n\r\n";
    SSL_write(ssl, ok.data(), static_cast<int>(ok.size()));
    SSL_shutdown(ssl);
  });
  auto answer = transport(server)->round_trip(get("/x"));
  ASSERT_EQ(answer.index(), 0u) << std::get<1>(answer);
  EXPECT_EQ(std::get<0>(answer).status, 204);
  EXPECT_EQ(suite, "TLS_AES_128_GCM_SHA256");
}

// run_concurrently over one non-blocking connection: answers cut into one-byte records (each
// read but the last finds too little and must wait for the socket), several on one kept-alive
// connection, then a connection the server closes (the slot goes on over a new one) and an
// answer cut short (an error for that request only).
TEST_F(HttpTransportTest, RunConcurrentlyWaitsForPartialAnswersAndGoesOnAfterFailures) {
  int connection = 0;
  TlsTestServer server(serving_, nullptr, 3, [&](SSL* ssl) {
    ASSERT_NE(ssl, nullptr);
    if (++connection == 1) {
      for (const char* body : {"one", "two"}) {
        read_request(ssl);
        write_bytewise(ssl, std::string("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n") + body);
      }
      read_request(ssl);
      write_bytewise(ssl, "HTTP/1.1 201 Created\r\nConnection: close\r\nContent-Length: 5\r\n\r\nthree");
      SSL_shutdown(ssl);
    } else if (connection == 2) {
      read_request(ssl);
      const std::string cut = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this";
      SSL_write(ssl, cut.data(), static_cast<int>(cut.size()));
    } else {
      read_request(ssl);
      const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfive";
      SSL_write(ssl, ok.data(), static_cast<int>(ok.size()));
      SSL_shutdown(ssl);
    }
  });
  auto t = transport(server);
  int asked = 0;
  std::vector<std::string> answers;
  auto failed = t->run_concurrently(
      1, [&](int) -> std::optional<HttpRequest> { return ++asked <= 5 ? std::optional(get("/r" + std::to_string(asked))) : std::nullopt; },
      [&](int slot, std::variant<HttpResponse, std::string> result) {
        EXPECT_EQ(slot, 0);
        answers.push_back(result.index() == 0 ? std::to_string(std::get<0>(result).status) + " " + std::get<0>(result).body
                                              : "error: " + std::get<1>(result));
      });
  EXPECT_EQ(failed, "");
  ASSERT_EQ(answers.size(), 5u);
  EXPECT_EQ(answers[0], "200 one");
  EXPECT_EQ(answers[1], "200 two");
  EXPECT_EQ(answers[2], "201 three");
  EXPECT_EQ(answers[3].rfind("error: GET /r4 failed", 0), 0u) << answers[3];
  EXPECT_EQ(answers[4], "200 five");
}

TEST_F(HttpTransportTest, AServerNotSignedByTheCaFailsTheHandshakeWithTheReason) {
  Issued other_root = issue("other root", true, "", nullptr);
  Issued stranger = issue("server", false, "serverAuth", &other_root);
  TlsTestServer server(stranger, nullptr, 1, [](SSL* ssl) { EXPECT_EQ(ssl, nullptr); });
  auto answer = transport(server)->round_trip(get("/x"));
  ASSERT_EQ(answer.index(), 1u);
  EXPECT_NE(std::get<1>(answer).find("TLS handshake with 127.0.0.1:"), std::string::npos) << std::get<1>(answer);
  EXPECT_NE(std::get<1>(answer).find("certificate verify failed"), std::string::npos) << std::get<1>(answer);
}

}  // namespace
}  // namespace kapi::client
