#include "client/http_transport.h"

#include <openssl/ssl.h>
#include <sys/socket.h>

#include <atomic>
#include <charconv>
#include <limits>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>

#include "base/openssl_setup.h"

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

struct Connection {
  Connection(net::io_context& io, ssl::context& tls) : stream(io, tls) {}
  ssl::stream<tcp::socket> stream;
  beast::flat_buffer buffer;
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

http::request<http::string_body> to_beast(const HttpRequest& request, const std::string& host) {
  http::request<http::string_body> req;
  req.method_string(request.method);
  req.target(request.target);
  req.version(11);
  req.set(http::field::host, host);
  for (const auto& [name, value] : request.headers) req.set(name, value);
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
      request.method == "PATCH") {
    req.body() = request.body;
    req.prepare_payload();
  }
  req.keep_alive(true);
  return req;
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
        fd_(connection_->stream.next_layer().native_handle()) {}

  std::optional<std::string> read() override {
    std::string out;
    while (out.empty()) {
      if (cancelled_.load() || parser_->is_done()) return std::nullopt;
      char chunk[kStreamReadBytes];
      parser_->get().body().data = chunk;
      parser_->get().body().size = sizeof chunk;
      beast::error_code ec;
      http::read_some(connection_->stream, connection_->buffer, *parser_, ec);
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
    auto connection = std::make_unique<Connection>(io, tls);
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
      connection->stream.next_layer().connect(tcp::endpoint(ip, port), ec);
    } else {
      tcp::resolver resolver(io);
      auto endpoints = resolver.resolve(address.host, address.port, ec);
      if (ec) return "cannot resolve " + address.host + ": " + ec.message();
      net::connect(connection->stream.next_layer(), endpoints, ec);
    }
    if (ec) return "cannot connect to " + host_header + ": " + ec.message();
    // As Go's and curl's clients do: a request written after the handshake's last flight (or a
    // body after its head) must not wait for the server's delayed ACK of the one before.
    connection->stream.next_layer().set_option(tcp::no_delay(true), ec);
    // SNI is for names only; an IP literal is matched against the certificate's IP SANs.
    if (ip_ec && !SSL_set_tlsext_host_name(connection->stream.native_handle(), address.host.c_str()))
      return "cannot set TLS server name " + address.host;
    if (verify) connection->stream.set_verify_callback(ssl::host_name_verification(address.host));
    connection->stream.handshake(ssl::stream_base::client, ec);
    if (ec) return "TLS handshake with " + host_header + " failed: " + ec.message();
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
  auto req = to_beast(request, impl_->host_header);
  // A pooled connection the server has meanwhile closed fails before any answer: try once more
  // on a fresh one. (The server only closes idle connections, so the request was not handled.)
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool reused = false;
    auto acquired = impl_->acquire(reused);
    if (acquired.index() == 1) return std::get<1>(acquired);
    ConnectionPtr c = std::move(std::get<0>(acquired));
    beast::error_code ec;
    http::write(c->stream, req, ec);
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    if (!ec) http::read(c->stream, c->buffer, parser, ec);
    if (ec) {
      if (reused && !parser.got_some()) continue;
      return "request " + request.method + " " + request.target + " failed: " + ec.message();
    }
    auto msg = parser.release();
    HttpResponse out = head_of(msg);
    out.body = std::move(msg.body());
    if (msg.keep_alive()) impl_->give_back(std::move(c));
    return out;
  }
  return "request " + request.method + " " + request.target + " failed on a fresh connection";
}

std::variant<HttpTransport::Opened, std::string> HttpTransport::open_stream(const HttpRequest& request) {
  // Streams get a connection of their own: it is never returned to the pool.
  auto acquired = impl_->connect();
  if (acquired.index() == 1) return std::get<1>(acquired);
  ConnectionPtr c = std::move(std::get<0>(acquired));
  auto req = to_beast(request, impl_->host_header);
  beast::error_code ec;
  http::write(c->stream, req, ec);
  if (ec) return "request " + request.method + " " + request.target + " failed: " + ec.message();
  auto parser = std::make_unique<http::response_parser<http::buffer_body>>();
  // Not boost::none: Beast 1.74 compares a Content-Length against the optional itself, and any
  // length is "greater" than none.
  parser->body_limit(std::numeric_limits<std::uint64_t>::max());
  http::read_header(c->stream, c->buffer, *parser, ec);
  if (ec) return "request " + request.method + " " + request.target + " failed: " + ec.message();
  HttpResponse head = head_of(parser->get());
  if (head.status / 100 == 2) return Opened{head, std::make_unique<BeastResponseStream>(std::move(c), std::move(parser))};
  // An error answer is short: read it whole.
  BeastResponseStream body(std::move(c), std::move(parser));
  while (auto bytes = body.read()) head.body += *bytes;
  return Opened{head, nullptr};
}

}  // namespace kapi::client
