// HttpServer's connections as a client meets them on the wire: pipelined requests, a request
// that trickles in a byte at a time, keep-alive, a body over the limit, a handshake never
// finished; and the response head written without Beast (http_wire.h).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>

#include "apiserver/http_server.h"
#include "apiserver/http_wire.h"
#include "apiserver/pki/certificate.h"

namespace {

using kapi::apiserver::HttpServer;
using kapi::apiserver::HttpServerOptions;
using kapi::apiserver::Request;
using kapi::apiserver::Response;

// A server with a self-signed certificate whose handler echoes the method, path and body.
class Connection : public ::testing::Test {
 protected:
  void start(HttpServerOptions options = {}) {
    namespace pki = kapi::apiserver::pki;
    auto key = pki::generate_key();
    pki::CertificateRequest request;
    request.common_name = "kapi-test";
    request.extended_key_usage = "serverAuth";
    request.subject_alt_names = {"IP:127.0.0.1"};
    auto cert = std::get<pki::CertificatePtr>(pki::issue_certificate(request, key.get(), nullptr, key.get()));
    options.port = 0;
    options.threads = 2;
    options.handler_threads = 2;
    options.cert = std::shared_ptr<X509>(cert.release(), X509_free);
    options.key = std::shared_ptr<EVP_PKEY>(key.release(), EVP_PKEY_free);
    server = std::make_unique<HttpServer>(std::move(options), [](Request& req) {
      Response r;
      r.content_type = "text/plain";
      r.body = req.method + " " + req.target + " " + req.body;
      r.headers = {{"Warning", "299 - \"one\""}, {"Warning", "299 - \"two\""}};
      return r;
    });
    server->start();
    ctx.reset(SSL_CTX_new(TLS_client_method()));
  }
  void TearDown() override {
    if (server) server->stop();
  }

  // A TLS connection to the server; `nodelay`: every write goes out as its own segment.
  struct Client {
    int fd = -1;
    SSL* ssl = nullptr;
    std::string pending;  // read, not taken by a response yet
    ~Client() {
      if (ssl) SSL_free(ssl);
      if (fd >= 0) close(fd);
    }
    void write(const std::string& bytes) {
      ASSERT_EQ(SSL_write(ssl, bytes.data(), static_cast<int>(bytes.size())), static_cast<int>(bytes.size()));
    }
    // One response (head and Content-Length body); empty at the end of the connection.
    std::string read_response() {
      for (;;) {
        const size_t head_end = pending.find("\r\n\r\n");
        if (head_end != std::string::npos) {
          size_t length = 0;
          const size_t at = pending.find("Content-Length: ");
          if (at != std::string::npos && at < head_end) length = std::stoul(pending.substr(at + 16));
          if (pending.size() >= head_end + 4 + length) {
            std::string response = pending.substr(0, head_end + 4 + length);
            pending.erase(0, response.size());
            return response;
          }
        }
        char buffer[4096];
        const int n = SSL_read(ssl, buffer, sizeof buffer);
        if (n <= 0) return std::string();
        pending.append(buffer, static_cast<size_t>(n));
      }
    }
    // True once the server ended the connection (close_notify, FIN or reset) with nothing more.
    bool ended() {
      char buffer[256];
      return SSL_read(ssl, buffer, sizeof buffer) <= 0;
    }
  };

  std::unique_ptr<Client> connect(bool nodelay = false) {
    auto client = std::make_unique<Client>();
    client->fd = tcp_connect();
    if (nodelay) {
      int one = 1;
      setsockopt(client->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    client->ssl = SSL_new(ctx.get());
    SSL_set_fd(client->ssl, client->fd);
    EXPECT_EQ(SSL_connect(client->ssl), 1) << ERR_error_string(ERR_get_error(), nullptr);
    return client;
  }

  int tcp_connect() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server->port());
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    return fd;
  }

  std::unique_ptr<HttpServer> server;
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx{nullptr, &SSL_CTX_free};
};

std::string get(const std::string& path, bool close = false) {
  return "GET " + path + " HTTP/1.1\r\nHost: kapi\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
}

std::string body_of(const std::string& response) { return response.substr(response.find("\r\n\r\n") + 4); }

TEST_F(Connection, AnswersEachHeaderAsBeforeAndKeepsAliveForAHundredRequests) {
  start();
  auto client = connect();
  for (int i = 0; i < 100; ++i) {
    client->write(get("/r" + std::to_string(i)));
    const std::string response = client->read_response();
    ASSERT_EQ(body_of(response), "GET /r" + std::to_string(i) + " ") << i << ": " << response;
    if (i == 0) {
      EXPECT_EQ(response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << response;
      EXPECT_NE(response.find("\r\nContent-Type: text/plain\r\n"), std::string::npos) << response;
      EXPECT_NE(response.find("\r\nCache-Control: no-cache, private\r\n"), std::string::npos) << response;
      EXPECT_NE(response.find("\r\nWarning: 299 - \"one\"\r\nWarning: 299 - \"two\"\r\n"), std::string::npos)
          << response;
      EXPECT_EQ(response.find("Connection:"), std::string::npos) << response;
    }
  }
  // Connection: close is answered with the same and the connection ends.
  client->write(get("/last", true));
  const std::string response = client->read_response();
  EXPECT_NE(response.find("\r\nConnection: close\r\n"), std::string::npos) << response;
  EXPECT_TRUE(client->ended());
}

TEST_F(Connection, PipelinedRequestsAreAnsweredInOrder) {
  start();
  auto client = connect();
  client->write(get("/a") + "POST /b HTTP/1.1\r\nHost: kapi\r\nContent-Length: 5\r\n\r\nhello" + get("/c"));
  EXPECT_EQ(body_of(client->read_response()), "GET /a ");
  EXPECT_EQ(body_of(client->read_response()), "POST /b hello");
  EXPECT_EQ(body_of(client->read_response()), "GET /c ");
  // And after them the connection still reads.
  client->write(get("/d"));
  EXPECT_EQ(body_of(client->read_response()), "GET /d ");
}

TEST_F(Connection, ARequestSentAByteAtATimeIsReadWhole) {
  start();
  auto client = connect(/*nodelay=*/true);
  const std::string request = "POST /slow?x=1 HTTP/1.1\r\nHost: kapi\r\nContent-Length: 11\r\n\r\nhello world";
  for (char c : request) client->write(std::string(1, c));  // one TLS record, one segment each
  EXPECT_EQ(body_of(client->read_response()), "POST /slow?x=1 hello world");
}

TEST_F(Connection, ABodyOverTheLimitIsAnswered413AndTheConnectionEnds) {
  HttpServerOptions options;
  options.max_body_bytes = 1024;
  start(options);
  auto client = connect();
  client->write("POST /big HTTP/1.1\r\nHost: kapi\r\nContent-Length: 5000\r\n\r\n");
  const std::string response = client->read_response();
  EXPECT_EQ(response.rfind("HTTP/1.1 413 ", 0), 0u) << response;
  EXPECT_NE(response.find("\r\nConnection: close\r\n"), std::string::npos) << response;
  EXPECT_NE(response.find("limit is 1024"), std::string::npos) << response;
  EXPECT_TRUE(client->ended());
}

TEST_F(Connection, AMalformedRequestEndsTheConnection) {
  start();
  auto client = connect();
  client->write("NOT HTTP\r\n\r\n");
  EXPECT_TRUE(client->ended());
}

// A client that connects and never finishes the handshake (silent, or half a ClientHello) is
// dropped after handshake_timeout; a handshake that completes in time is served.
TEST_F(Connection, AnUnfinishedHandshakeIsDropped) {
  HttpServerOptions options;
  options.handshake_timeout = std::chrono::milliseconds(300);
  start(options);
  const auto started = std::chrono::steady_clock::now();
  const int silent = tcp_connect();
  const int partial = tcp_connect();
  const char hello_start[] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};  // a record header, one byte of it
  ASSERT_EQ(send(partial, hello_start, sizeof hello_start, 0), static_cast<ssize_t>(sizeof hello_start));
  for (int fd : {silent, partial}) {
    pollfd p{fd, POLLIN, 0};
    ASSERT_EQ(poll(&p, 1, 5000), 1) << "still open after 5 s";
    char byte;
    EXPECT_LE(recv(fd, &byte, 1, 0), 0);  // end of stream or reset, no data
    close(fd);
  }
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(250));
  auto client = connect();
  client->write(get("/after"));
  EXPECT_EQ(body_of(client->read_response()), "GET /after ");
}

TEST(HttpWire, BodilessStatusesHaveNoLengthAndOthersDo) {
  Response r;
  r.status = 204;
  r.body = "ignored";
  std::string out;
  kapi::apiserver::append_response(out, r, /*keep_alive=*/false);
  EXPECT_EQ(out,
            "HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\nCache-Control: no-cache, private\r\n"
            "Connection: close\r\n\r\n");
  r.status = 201;
  r.body = "{}";
  out.clear();
  kapi::apiserver::append_response(out, r, /*keep_alive=*/true);
  EXPECT_EQ(out,
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nCache-Control: no-cache, private\r\n"
            "Content-Length: 2\r\n\r\n{}");
}

}  // namespace
