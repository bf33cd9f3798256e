#include "bench/kapi-bench/tls_socket.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>
#include <cerrno>
#include <cstring>

namespace kapi::bench {

namespace net = boost::asio;

namespace {

// OpenSSL's read-ahead buffer: what one recv may take from the socket. A watch stream's burst
// (one server write of many events) fits, so it costs one system call instead of one per
// 16 KiB record; records are decrypted from here into the caller's buffer.
constexpr size_t kReadAheadBytes = 64 * 1024;

}  // namespace

TlsSocket::TlsSocket(net::io_context& io, SSL_CTX* ctx) : socket_(io), ssl_(SSL_new(ctx)) {}

TlsSocket::~TlsSocket() {
  if (ssl_) SSL_free(ssl_);  // its socket BIO does not own the descriptor: socket_ closes it
}

std::string TlsSocket::prepare(const std::string& host, bool verify) {
  if (!ssl_) return "cannot create a TLS connection: " + describe(0);
  boost::system::error_code not_ip;
  net::ip::make_address(host, not_ip);
  // SNI is for names only; an IP literal is matched against the certificate's IP SANs.
  if (not_ip && SSL_set_tlsext_host_name(ssl_, host.c_str()) != 1) return "cannot set the server name: " + describe(0);
  if (verify) {
    int ok = not_ip ? SSL_set1_host(ssl_, host.c_str()) : X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), host.c_str());
    if (ok != 1) return "cannot set the name to verify: " + describe(0);
  }
  SSL_set_read_ahead(ssl_, 1);
  SSL_set_default_read_buffer_len(ssl_, kReadAheadBytes);
  SSL_set_connect_state(ssl_);
  return "";
}

void TlsSocket::handshake(Done done) {
  if (!attached_) {
    boost::system::error_code ec;
    socket_.non_blocking(true, ec);
    if (ec) return done("cannot make the socket non-blocking: " + ec.message());
    if (SSL_set_fd(ssl_, socket_.native_handle()) != 1) return done("cannot attach TLS to the socket: " + describe(0));
    attached_ = true;
  }
  drive([this] { return SSL_do_handshake(ssl_); }, std::move(done));
}

void TlsSocket::write(std::string_view data, Done done) {
  // Without SSL_MODE_ENABLE_PARTIAL_WRITE, SSL_write succeeds once all of it is written; a
  // retry after WANT_WRITE passes the same buffer, as OpenSSL requires.
  drive([this, data] { return SSL_write(ssl_, data.data(), static_cast<int>(data.size())); }, std::move(done));
}

TlsSocket::Read TlsSocket::read(char* into, size_t capacity, size_t& got) {
  got = 0;
  int r = SSL_read_ex(ssl_, into, capacity, &got);
  if (r == 1) return Read::kData;
  switch (SSL_get_error(ssl_, r)) {
    case SSL_ERROR_WANT_READ:
      return Read::kWantRead;
    case SSL_ERROR_WANT_WRITE:
      return Read::kWantWrite;
    case SSL_ERROR_ZERO_RETURN:
      return Read::kClosed;
    default:
      error_ = describe(r);
      return Read::kError;
  }
}

void TlsSocket::drive(std::function<int()> op, Done done) {
  int r = op();
  if (r > 0) return done("");
  int e = SSL_get_error(ssl_, r);
  if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) return done(describe(r));
  wait(e == SSL_ERROR_WANT_WRITE ? Read::kWantWrite : Read::kWantRead,
       [this, op = std::move(op), done = std::move(done)](boost::system::error_code ec) mutable {
         if (ec) return done(ec.message());
         drive(std::move(op), std::move(done));
       });
}

std::string TlsSocket::describe(int r) {
  std::string out;
  // A verification result counts only where it failed the handshake (verify_none ignores it).
  if (ssl_ && !SSL_is_init_finished(ssl_) && (SSL_get_verify_mode(ssl_) & SSL_VERIFY_PEER) &&
      SSL_get_verify_result(ssl_) != X509_V_OK)
    out = std::string("certificate verify failed: ") + X509_verify_cert_error_string(SSL_get_verify_result(ssl_));
  else if (unsigned long e = ERR_get_error(); e != 0) {
    char text[256];
    ERR_error_string_n(e, text, sizeof text);
    out = text;
  } else if (ssl_ && SSL_get_error(ssl_, r) == SSL_ERROR_SYSCALL && errno != 0) {
    out = std::strerror(errno);
  } else {
    out = "the connection was closed";
  }
  ERR_clear_error();
  return out;
}

}  // namespace kapi::bench
