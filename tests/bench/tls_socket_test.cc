// kapi-bench's TLS reader (tls_socket.h, ready_set.h) against an OpenSSL server on loopback:
// every byte arrives, whatever the record sizes and however the reads fall (the reader skips
// the read after a short one, so a lost edge would hang a test), and the server's certificate
// must name the host.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "apiserver/pki/certificate.h"
#include "bench/kapi-bench/ready_set.h"
#include "bench/kapi-bench/tls_socket.h"

namespace kapi::bench {
namespace {

namespace net = boost::asio;
namespace pki = kapi::apiserver::pki;
using tcp = net::ip::tcp;

struct Server {
  pki::KeyPtr key = pki::generate_key();
  pki::CertificatePtr cert;
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  net::io_context io;
  tcp::acceptor acceptor{io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)};
  std::thread thread;

  Server() {
    pki::CertificateRequest request;
    request.common_name = "test server";
    request.extended_key_usage = "serverAuth";
    request.subject_alt_names = {"IP:127.0.0.1"};
    auto issued = pki::issue_certificate(request, key.get(), nullptr, key.get());
    cert = std::move(std::get<pki::CertificatePtr>(issued));
    SSL_CTX_use_certificate(ctx, cert.get());
    SSL_CTX_use_PrivateKey(ctx, key.get());
  }
  ~Server() {
    if (thread.joinable()) thread.join();
    SSL_CTX_free(ctx);
  }
  // Accepts one connection, reads the request, then sends `body` as records of the sizes in
  // `records` (cycled) and closes the TLS stream.
  void serve(std::string body, std::vector<size_t> records) {
    thread = std::thread([this, body = std::move(body), records = std::move(records)] {
      tcp::socket socket(io);
      acceptor.accept(socket);
      SSL* ssl = SSL_new(ctx);
      SSL_set_fd(ssl, socket.native_handle());
      if (SSL_accept(ssl) == 1) {
        std::string request;
        char buf[512];
        while (request.find("\r\n\r\n") == std::string::npos) {
          int n = SSL_read(ssl, buf, sizeof buf);
          if (n <= 0) break;
          request.append(buf, static_cast<size_t>(n));
        }
        for (size_t at = 0, i = 0; at < body.size(); ++i) {
          size_t n = std::min(records[i % records.size()], body.size() - at);
          if (SSL_write(ssl, body.data() + at, static_cast<int>(n)) <= 0) break;
          at += n;
        }
        SSL_shutdown(ssl);
      }
      SSL_free(ssl);
    });
  }
};

struct Client {
  net::io_context own_io;
  net::io_context& io;
  net::ssl::context tls{net::ssl::context::tls_client};
  TlsSocket socket;
  ReadySet ready;
  std::string request, received, error;  // request: until written
  bool closed = false;
  int reads_per_turn = 0;  // > 0: yield (post the rest) after that many, as the watch pool does
  char buffer[3000];  // small, so one burst takes several reads

  // The context is set up before the socket is made: SSL_new copies its verify mode.
  explicit Client(X509* trusted, net::io_context* shared_io = nullptr, CipherScratch* scratch = nullptr)
      : io(shared_io ? *shared_io : own_io), socket(io, trust(tls, trusted), scratch), ready(io, &Client::on_ready) {}
  static SSL_CTX* trust(net::ssl::context& tls, X509* trusted) {
    X509_STORE_add_cert(SSL_CTX_get_cert_store(tls.native_handle()), trusted);
    tls.set_verify_mode(net::ssl::verify_peer);
    return tls.native_handle();
  }
  static void on_ready(void* self) { static_cast<Client*>(self)->read(); }
  void read() {
    socket.readable();
    read_turn();
  }
  void read_turn() {
    if (closed) return;
    for (int turn = 0;; ++turn) {
      if (reads_per_turn > 0 && turn == reads_per_turn) return net::post(io, [this] { read_turn(); });
      size_t got = 0;
      auto r = socket.read(buffer, sizeof buffer, got);
      if (r == TlsSocket::Read::kData) {
        received.append(buffer, got);
        continue;
      }
      if (r == TlsSocket::Read::kWantRead || r == TlsSocket::Read::kWantWrite) return;
      closed = true;
      if (r == TlsSocket::Read::kError) error = socket.error();
      return;
    }
  }
  // Connects, sends a request, then reads through the ready set until the server closes.
  void run(tcp::endpoint server, const std::string& host) {
    start(server, host);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!closed && error.empty() && std::chrono::steady_clock::now() < deadline)
      io.run_for(std::chrono::milliseconds(50));
  }
  void start(tcp::endpoint server, const std::string& host) {
    request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    if (auto failed = socket.prepare(host, true); !failed.empty()) {
      error = failed;
      return;
    }
    ready.start();
    socket.socket().async_connect(server, [&](boost::system::error_code ec) {
      if (ec) return void(error = "connect: " + ec.message());
      socket.handshake([&](std::string failed) {
        if (!failed.empty()) return void(error = "handshake: " + failed);
        socket.write(request, [&](std::string failed) {
          if (!failed.empty()) return void(error = "write: " + failed);
          int fd = socket.detach();
          if (auto failed = ready.add(fd, this); !failed.empty()) return void(error = failed);
          read();
        });
      });
    });
  }
};

std::string pattern(size_t size) {
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
  return s;
}

TEST(TlsSocket, EveryByteArrivesWhateverTheRecordSizes) {
  for (const auto& records : std::vector<std::vector<size_t>>{{1}, {5, 17, 900}, {16384}, {40000}, {3000, 1, 16000, 333}}) {
    Server server;
    const std::string body = pattern(records.front() == 1 ? 20000 : 300000);
    server.serve(body, records);
    Client client(server.cert.get());
    client.run(server.acceptor.local_endpoint(), "127.0.0.1");
    EXPECT_EQ(client.error, "") << "records " << records.front();
    EXPECT_TRUE(client.closed) << "records " << records.front() << ": stalled after " << client.received.size();
    EXPECT_TRUE(client.received == body) << "records " << records.front() << ": " << client.received.size() << " of "
                                         << body.size() << " bytes";
  }
}

// Sockets of one thread share one buffer of received bytes; one that yields with bytes left
// there (one read per turn, records smaller than a recv) must get them back, in order, after
// the other socket took the buffer over.
TEST(TlsSocket, SocketsSharingAReceiveBufferEachGetTheirOwnBytes) {
  for (const auto& records : std::vector<std::vector<size_t>>{{700}, {5, 17, 900}, {3000, 1, 16000, 333}}) {
    Server a, b;
    const std::string body_a = pattern(200000), body_b = pattern(150000).substr(7) + "b";
    a.serve(body_a, records);
    b.serve(body_b, records);
    net::io_context io;
    CipherScratch scratch;
    Client ca(a.cert.get(), &io, &scratch), cb(b.cert.get(), &io, &scratch);
    ca.reads_per_turn = cb.reads_per_turn = 1;
    ca.start(a.acceptor.local_endpoint(), "127.0.0.1");
    cb.start(b.acceptor.local_endpoint(), "127.0.0.1");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while ((!ca.closed || !cb.closed) && ca.error.empty() && cb.error.empty() && std::chrono::steady_clock::now() < deadline)
      io.run_for(std::chrono::milliseconds(50));
    EXPECT_EQ(ca.error + cb.error, "") << "records " << records.front();
    EXPECT_TRUE(ca.closed && cb.closed) << "records " << records.front();
    EXPECT_TRUE(ca.received == body_a) << "records " << records.front() << ": " << ca.received.size() << " of " << body_a.size();
    EXPECT_TRUE(cb.received == body_b) << "records " << records.front() << ": " << cb.received.size() << " of " << body_b.size();
  }
}

TEST(TlsSocket, TheCertificateMustNameTheHost) {
  Server server;
  server.serve("", {1});
  Client client(server.cert.get());
  client.run(server.acceptor.local_endpoint(), "127.0.0.2");  // not in the certificate's IP SANs
  EXPECT_NE(client.error.find("handshake: certificate verify failed"), std::string::npos) << client.error;
  EXPECT_EQ(client.received, "");
}

}  // namespace
}  // namespace kapi::bench
