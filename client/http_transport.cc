#include "client/http_transport.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <limits>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <optional>

#include "base/openssl_setup.h"
#include "base/socket_bio.h"

namespace kapi::client {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr size_t kMaxIdleConnections = 8;
constexpr uint64_t kMaxBodyBytes = 1ull << 30;  // lists of big clusters; watches are streamed
constexpr size_t kStreamReadBytes = 64 * 1024;
constexpr size_t kReadBytes = 16 * 1024;  // a TLS record's plaintext at most

// What OpenSSL says went wrong in the call that just failed, then its error queue cleared.
std::string tls_error(SSL* ssl, int ret) {
  std::string out;
  if (unsigned long e = ERR_peek_last_error()) {
    out = ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "TLS error";
    if (SSL_get_verify_result(ssl) != X509_V_OK)
      out += std::string(" (") + X509_verify_cert_error_string(SSL_get_verify_result(ssl)) + ")";
  } else if (SSL_get_error(ssl, ret) == SSL_ERROR_ZERO_RETURN || ret == 0) {
    out = "end of stream";
  } else {
    out = std::strerror(errno);
  }
  ERR_clear_error();
  return out;
}

// A blocking socket's SSL call "would block" only when a signal interrupted it: try again.
bool interrupted(SSL* ssl, int ret) {
  const int err = SSL_get_error(ssl, ret);
  return err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE;
}

// One HTTPS connection, used by one thread at a time. The socket stays blocking and TLS runs on
// it directly (base/socket_bio.h): Asio's TLS stream would add a BIO pair (each record copied twice
// more) and its engine's handler machinery to every request, which was the largest part of
// kapi-bench's own CPU per create. Asio is still used to resolve and connect.
struct Connection {
  Connection() = default;
  ~Connection() {
    if (ssl) SSL_free(ssl);  // and its BIO, which leaves the descriptor open
    if (fd >= 0) ::close(fd);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Writes `bytes` from `written` on: "" once all is written, or (non-blocking) once the socket
  // is full, `written` saying how far it got; else what failed.
  std::string write_from(std::string_view bytes, size_t& written) {
    while (written < bytes.size()) {
      ERR_clear_error();
      const int n = SSL_write(ssl, bytes.data() + written,
                              static_cast<int>(std::min<size_t>(bytes.size() - written, 1 << 30)));
      if (n > 0) {
        written += static_cast<size_t>(n);
        continue;
      }
      if (!interrupted(ssl, n)) return tls_error(ssl, n);
      if (nonblocking) return "";
    }
    return "";
  }
  std::string write_all(std::string_view bytes) {
    size_t written = 0;
    return write_from(bytes, written);
  }

  // Feeds the parser what is buffered, reading more when it needs more, until it reports
  // progress (or done) or fails. `ec` as Beast's read_some gives it; http::error::end_of_stream
  // when the server closed first; net::error::would_block when a non-blocking connection has
  // nothing more to read yet.
  template <typename Parser>
  void read_some(Parser& parser, beast::error_code& ec) {
    for (;;) {
      if (begin < end) {
        const size_t used = parser.put(net::buffer(in.get() + begin, end - begin), ec);
        begin += used;
        if (ec == http::error::need_more) ec = {};
        else if (ec || used > 0 || parser.is_done()) return;
      }
      make_room();
      ERR_clear_error();
      const int n = SSL_read(ssl, in.get() + end, static_cast<int>(kReadBytes));
      if (n > 0) {
        end += static_cast<size_t>(n);
        continue;
      }
      if (interrupted(ssl, n)) {
        if (!nonblocking) continue;
        ec = net::error::would_block;
        return;
      }
      const int err = SSL_get_error(ssl, n);
      ERR_clear_error();
      if (err == SSL_ERROR_ZERO_RETURN || (err == SSL_ERROR_SYSCALL && errno == 0)) {
        parser.put_eof(ec);  // a body delimited by the close is complete; anything else is not
        if (!ec) return;
      }
      ec = http::error::end_of_stream;
      return;
    }
  }

  // Room for a record's plaintext after `end`: what is left unparsed (a part the parser wants
  // whole) moves to the front, and the buffer grows only when that part is large. Not a
  // std::string: resizing one zeroed the 16 KiB read area before every read.
  void make_room() {
    if (begin > 0) {
      std::memmove(in.get(), in.get() + begin, end - begin);
      end -= begin;
      begin = 0;
    }
    if (capacity - end >= kReadBytes) return;
    const size_t grown = std::max(2 * capacity, end + kReadBytes);
    auto bigger = std::make_unique_for_overwrite<char[]>(grown);
    if (end > 0) std::memcpy(bigger.get(), in.get(), end);
    in = std::move(bigger);
    capacity = grown;
  }

  template <typename Parser>
  void read(Parser& parser, beast::error_code& ec) {
    while (!ec && !parser.is_done()) read_some(parser, ec);
  }

  // Taken from Asio once connected, so a connection (a watch's stream) does not depend on the
  // transport's io_context, nor on the transport, for its life.
  int fd = -1;
  SSL* ssl = nullptr;
  bool nonblocking = false;  // run_concurrently's connections
  std::unique_ptr<char[]> in;  // bytes read, [begin, end) not yet parsed
  size_t capacity = 0, begin = 0, end = 0;
};
using ConnectionPtr = std::unique_ptr<Connection>;

}  // namespace

std::variant<ServerAddress, std::string> parse_server(const std::string& server) {
  constexpr std::string_view kScheme = "https://";
  if (server.rfind(kScheme, 0) != 0) return "server \"" + server + "\" is not an https:// URL";
  std::string rest = server.substr(kScheme.size());
  rest = rest.substr(0, rest.find('/'));
  ServerAddress out{rest, "443"};
  if (!rest.empty() && rest.front() == '[') {  // [IPv6]:port
    auto close = rest.find(']');
    if (close == std::string::npos) return "server \"" + server + "\" has an unclosed [";
    out.host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':') out.port = rest.substr(close + 2);
  } else if (auto colon = rest.rfind(':'); colon != std::string::npos) {
    out.host = rest.substr(0, colon);
    out.port = rest.substr(colon + 1);
  }
  if (out.host.empty() || out.port.empty()) return "server \"" + server + "\" has no host or port";
  return out;
}

namespace {

// The request as it goes on the wire: head and body in one buffer, so one TLS record (and one
// segment) carries a small request.
std::string request_bytes(const HttpRequest& request, const std::string& host) {
  const bool has_body =
      !request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
  std::string out;
  out.reserve(request.target.size() + request.body.size() + 128);
  out.append(request.method).append(" ").append(request.target).append(" HTTP/1.1\r\nHost: ").append(host);
  for (const auto& [name, value] : request.headers) out.append("\r\n").append(name).append(": ").append(value);
  if (has_body) out.append("\r\nContent-Length: ").append(std::to_string(request.body.size()));
  out.append("\r\n\r\n").append(request.body);
  return out;
}

template <typename Message>
HttpResponse head_of(const Message& msg) {
  HttpResponse out;
  out.status = static_cast<int>(msg.result_int());
  out.content_type = std::string(msg[http::field::content_type]);
  return out;
}

// A watch body read as it arrives, over a connection of its own.
class BeastResponseStream : public ResponseStream {
 public:
  BeastResponseStream(ConnectionPtr connection, std::unique_ptr<http::response_parser<http::buffer_body>> parser)
      : connection_(std::move(connection)), parser_(std::move(parser)),
        fd_(connection_->fd) {}

  std::optional<std::string> read() override {
    std::string out;
    while (out.empty()) {
      if (cancelled_.load() || parser_->is_done()) return std::nullopt;
      char chunk[kStreamReadBytes];
      parser_->get().body().data = chunk;
      parser_->get().body().size = sizeof chunk;
      beast::error_code ec;
      connection_->read_some(*parser_, ec);
      if (ec == http::error::need_buffer) ec = {};
      if (ec) return std::nullopt;
      out.append(chunk, sizeof chunk - parser_->get().body().size);
    }
    return out;
  }

  // Shutting the socket down (a plain syscall, safe beside a blocked read on another thread)
  // makes that read fail at once; the socket itself is closed by the destructor.
  void cancel() override {
    if (!cancelled_.exchange(true)) ::shutdown(fd_, SHUT_RDWR);
  }

 private:
  ConnectionPtr connection_;
  std::unique_ptr<http::response_parser<http::buffer_body>> parser_;
  int fd_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace

struct HttpTransport::Impl {
  ServerAddress address;
  std::string host_header;
  net::io_context io;  // sockets need one; synchronous calls never run it
  ssl::context tls{ssl::context::tls_client};
  bool verify = true;
  std::mutex mu;
  std::vector<ConnectionPtr> idle;

  std::variant<ConnectionPtr, std::string> connect() {
    auto connection = std::make_unique<Connection>();
    tcp::socket socket(io);
    beast::error_code ec;
    boost::system::error_code ip_ec;
    const auto ip = net::ip::make_address(address.host, ip_ec);
    uint16_t port = 0;
    const char* port_end = address.port.data() + address.port.size();
    auto parsed_port = std::from_chars(address.port.data(), port_end, port);
    if (!ip_ec && parsed_port.ec == std::errc() && parsed_port.ptr == port_end) {
      // An IP literal and a port number (every kubeconfig kapi writes) need no resolver:
      // getaddrinfo would still ask the kernel for the machine's interfaces (AI_ADDRCONFIG) and
      // read its config files, ~0.3 ms of every first request.
      socket.connect(tcp::endpoint(ip, port), ec);
    } else {
      tcp::resolver resolver(io);
      auto endpoints = resolver.resolve(address.host, address.port, ec);
      if (ec) return "cannot resolve " + address.host + ": " + ec.message();
      net::connect(socket, endpoints, ec);
    }
    if (ec) return "cannot connect to " + host_header + ": " + ec.message();
    // As Go's and curl's clients do: a request written after the handshake's last flight (or a
    // body after its head) must not wait for the server's delayed ACK of the one before.
    socket.set_option(tcp::no_delay(true), ec);
    connection->fd = socket.release(ec);
    if (ec) return "cannot connect to " + host_header + ": " + ec.message();
    connection->ssl = SSL_new(tls.native_handle());
    SSL* ssl = connection->ssl;
    // Not SSL_set_fd: OpenSSL's socket BIO writes with write(2), and a server that closed a
    // pooled connection would then raise SIGPIPE in whatever process hosts this client.
    BIO* bio = ssl ? base::new_socket_bio(connection->fd) : nullptr;
    if (!bio) {
      ERR_clear_error();
      return "cannot set up TLS for " + host_header;
    }
    SSL_set_bio(ssl, bio, bio);
    // A server that closes without close_notify ends the stream; whether the response was
    // complete is the HTTP parser's to say (a Content-Length not reached is an error).
    SSL_set_options(ssl, SSL_OP_IGNORE_UNEXPECTED_EOF);
    // One read(2) per record rather than two (its 5-byte header, then the rest). The buffer
    // stays OpenSSL's default of one record, so the unread rest it moves forward before each
    // record is small (kapi-bench's TlsSocket says why a large one is not).
    SSL_set_read_ahead(ssl, 1);
    // SNI is for names only; an IP literal is matched against the certificate's IP SANs.
    if (ip_ec && !SSL_set_tlsext_host_name(ssl, address.host.c_str()))
      return "cannot set TLS server name " + address.host;
    if (verify) {
      // The leaf must name the server: its IP SANs for an IP literal, its DNS names otherwise.
      const int named = ip_ec ? SSL_set1_host(ssl, address.host.c_str())
                              : X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), address.host.c_str());
      if (named != 1) return "cannot set the TLS server name to verify " + address.host;
    }
    ERR_clear_error();
    int done;
    while ((done = SSL_connect(ssl)) != 1 && interrupted(ssl, done)) ERR_clear_error();
    if (done != 1) return "TLS handshake with " + host_header + " failed: " + tls_error(ssl, done);
    return connection;
  }

  ConnectionPtr take_idle() {
    std::lock_guard lock(mu);
    if (idle.empty()) return nullptr;
    ConnectionPtr c = std::move(idle.back());
    idle.pop_back();
    return c;
  }

  void give_back(ConnectionPtr connection) {
    std::lock_guard lock(mu);
    if (idle.size() < kMaxIdleConnections) idle.push_back(std::move(connection));
  }

  // A pooled connection when there is one (`reused` says so), else a new one.
  std::variant<ConnectionPtr, std::string> acquire(bool& reused) {
    if (auto c = take_idle()) {
      reused = true;
      return c;
    }
    reused = false;
    return connect();
  }
};

HttpTransport::HttpTransport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpTransport::~HttpTransport() = default;

std::variant<std::unique_ptr<HttpTransport>, std::string> HttpTransport::create(const std::string& server,
                                                                                const TlsSettings& settings) {
  auto address = parse_server(server);
  if (address.index() == 1) return std::get<1>(address);
  auto impl = std::make_unique<Impl>();
  impl->address = std::get<0>(address);
  impl->host_header = impl->address.host.find(':') != std::string::npos
                          ? "[" + impl->address.host + "]:" + impl->address.port
                          : impl->address.host + ":" + impl->address.port;
  impl->verify = !settings.insecure_skip_verify;
  if (auto failed = configure_client_tls(impl->tls, settings); !failed.empty()) return failed;
  return std::unique_ptr<HttpTransport>(new HttpTransport(std::move(impl)));
}

std::string configure_client_tls(ssl::context& tls, const TlsSettings& settings) {
  beast::error_code ec;
  tls.set_verify_mode(settings.insecure_skip_verify ? ssl::verify_none : ssl::verify_peer);
  // TLS 1.3 suites in the order Go's crypto/tls offers them on AES hardware, so kapi's clients
  // negotiate what client-go (kubectl, controllers) does with a server that follows the
  // client's order: AES-128-GCM. OpenSSL's default leads with AES-256-GCM, whose 14 rounds
  // cost both ends ~30% more per byte than AES-128's 10.
  if (SSL_CTX_set_ciphersuites(tls.native_handle(),
                               "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384") != 1)
    return "cannot set the TLS 1.3 cipher suites";
  if (!settings.ca_pem.empty()) tls.add_certificate_authority(net::buffer(settings.ca_pem), ec);
  else tls.set_default_verify_paths(ec);
  if (ec) return "cannot load the certificate authority: " + ec.message();
  if (!settings.client_cert_pem.empty()) {
    // Send the certificates the kubeconfig holds and no more, as Go clients do. Otherwise
    // OpenSSL builds a chain for a lone certificate from the trust store in every handshake,
    // verifying its signature (~0.9M instructions, a fifth of the client's handshake), only to
    // send the server its own CA back.
    SSL_CTX_set_mode(tls.native_handle(), SSL_MODE_NO_AUTO_CHAIN);
    tls.use_certificate_chain(net::buffer(settings.client_cert_pem), ec);
    if (ec) return "cannot load the client certificate: " + ec.message();
    if (EVP_PKEY* key = base::read_ec_private_key_pem(settings.client_key_pem)) {
      bool taken = SSL_CTX_use_PrivateKey(tls.native_handle(), key) == 1;
      EVP_PKEY_free(key);
      if (!taken) return "cannot load the client key: it does not match the client certificate";
    } else {
      tls.use_private_key(net::buffer(settings.client_key_pem), ssl::context::pem, ec);
      if (ec) return "cannot load the client key: " + ec.message();
    }
  }
  return "";
}

std::variant<HttpResponse, std::string> HttpTransport::round_trip(const HttpRequest& request) {
  const std::string bytes = request_bytes(request, impl_->host_header);
  // A pooled connection the server has meanwhile closed fails before any answer: try once more
  // on a fresh one. (The server only closes idle connections, so the request was not handled.)
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool reused = false;
    auto acquired = impl_->acquire(reused);
    if (acquired.index() == 1) return std::get<1>(acquired);
    ConnectionPtr c = std::move(std::get<0>(acquired));
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    parser.eager(true);
    if (request.method == "HEAD") parser.skip(true);
    beast::error_code ec;
    std::string failed = c->write_all(bytes);
    if (failed.empty()) {
      c->read(parser, ec);
      if (ec) failed = ec.message();
    }
    if (!failed.empty()) {
      if (reused && !parser.got_some()) continue;
      return "request " + request.method + " " + request.target + " failed: " + failed;
    }
    auto msg = parser.release();
    HttpResponse out = head_of(msg);
    out.body = std::move(msg.body());
    if (msg.keep_alive()) impl_->give_back(std::move(c));
    return out;
  }
  return "request " + request.method + " " + request.target + " failed on a fresh connection";
}

namespace {

// One slot of run_concurrently: its connection and the request in flight on it.
struct Slot {
  ConnectionPtr connection;
  bool busy = false;  // a request in flight
  std::string out;    // the request's bytes, [written, size) not yet sent
  size_t written = 0;
  std::string what;   // "POST /api/v1/...", for messages
  std::optional<http::response_parser<http::string_body>> parser;
};

}  // namespace

std::string HttpTransport::run_concurrently(int connections, const NextRequest& next, const Answered& answered) {
  const int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) return std::string("epoll: ") + std::strerror(errno);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{ep};
  std::vector<Slot> slots(static_cast<size_t>(std::max(0, connections)));

  // A new connection for slot i, non-blocking and watched edge-triggered: each readiness is
  // followed by reading and writing until the socket would block.
  auto open = [&](size_t i) -> std::string {
    auto made = impl_->connect();
    if (made.index() == 1) return std::get<1>(made);
    ConnectionPtr c = std::move(std::get<0>(made));
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
    ev.data.u64 = i;
    if (::fcntl(c->fd, F_SETFL, ::fcntl(c->fd, F_GETFL) | O_NONBLOCK) != 0 ||
        epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0)
      return std::string("epoll: ") + std::strerror(errno);
    c->nonblocking = true;
    slots[i].connection = std::move(c);
    return "";
  };
  for (size_t i = 0; i < slots.size(); ++i)
    if (auto failed = open(i); !failed.empty()) return failed;

  int busy = 0;
  // Takes slot i's next request, if any.
  auto start = [&](size_t i) {
    Slot& s = slots[i];
    auto request = next(static_cast<int>(i));
    s.busy = request.has_value();
    if (!s.busy) return;
    ++busy;
    s.out = request_bytes(*request, impl_->host_header);
    s.written = 0;
    s.what = request->method + " " + request->target;
    s.parser.emplace();
    s.parser->body_limit(kMaxBodyBytes);
    s.parser->eager(true);
    if (request->method == "HEAD") s.parser->skip(true);
  };
  // Ends slot i's request with `result`, then goes on with its next one.
  auto finish = [&](size_t i, std::variant<HttpResponse, std::string> result, bool reusable) {
    Slot& s = slots[i];
    s.busy = false;
    --busy;
    s.parser.reset();
    if (!reusable) s.connection.reset();  // closing the descriptor takes it out of the epoll set
    answered(static_cast<int>(i), std::move(result));
    if (!s.connection) {
      if (auto failed = open(i); !failed.empty()) {
        // The next request fails the same way rather than waiting forever: answered once more
        // for each, until next() says the slot is done.
        while (auto request = next(static_cast<int>(i)))
          answered(static_cast<int>(i), request->method + " " + request->target + " failed: " + failed);
        return;
      }
    }
    start(i);
  };
  // Writes and reads what slot i's socket allows; answers and starts requests as they end.
  auto progress = [&](size_t i) {
    for (Slot& s = slots[i]; s.busy;) {
      if (auto failed = s.connection->write_from(s.out, s.written); !failed.empty())
        return finish(i, s.what + " failed: " + failed, false);
      if (s.written < s.out.size()) return;  // the socket says when it takes more
      beast::error_code ec;
      s.connection->read_some(*s.parser, ec);
      if (ec == net::error::would_block) return;
      if (ec) return finish(i, s.what + " failed: " + ec.message(), false);
      if (!s.parser->is_done()) continue;
      auto msg = s.parser->release();
      HttpResponse out = head_of(msg);
      out.body = std::move(msg.body());
      finish(i, std::move(out), msg.keep_alive());
    }
  };

  for (size_t i = 0; i < slots.size(); ++i) {
    start(i);
    progress(i);
  }
  epoll_event events[64];
  while (busy > 0) {
    const int n = epoll_wait(ep, events, 64, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::string("epoll: ") + std::strerror(errno);
    for (int e = 0; e < n; ++e) progress(static_cast<size_t>(events[e].data.u64));
  }
  return "";
}

std::variant<HttpTransport::Opened, std::string> HttpTransport::open_stream(const HttpRequest& request) {
  // Streams get a connection of their own: it is never returned to the pool.
  auto acquired = impl_->connect();
  if (acquired.index() == 1) return std::get<1>(acquired);
  ConnectionPtr c = std::move(std::get<0>(acquired));
  if (auto failed = c->write_all(request_bytes(request, impl_->host_header)); !failed.empty())
    return "request " + request.method + " " + request.target + " failed: " + failed;
  auto parser = std::make_unique<http::response_parser<http::buffer_body>>();
  // Not boost::none: Beast 1.74 compares a Content-Length against the optional itself, and any
  // length is "greater" than none.
  parser->body_limit(std::numeric_limits<std::uint64_t>::max());
  beast::error_code ec;
  while (!ec && !parser->is_header_done()) c->read_some(*parser, ec);
  if (ec) return "request " + request.method + " " + request.target + " failed: " + ec.message();
  HttpResponse head = head_of(parser->get());
  if (head.status / 100 == 2) return Opened{head, std::make_unique<BeastResponseStream>(std::move(c), std::move(parser))};
  // An error answer is short: read it whole.
  BeastResponseStream body(std::move(c), std::move(parser));
  while (auto bytes = body.read()) head.body += *bytes;
  return Opened{head, nullptr};
}

}  // namespace kapi::client
