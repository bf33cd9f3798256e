#include "bench/kapi-bench/tls_socket.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/ip/address.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>

namespace kapi::bench {

namespace net = boost::asio;

namespace {

// What one recv may take from the socket: a watch stream's burst (one server write of many
// events) fits, so it costs one system call rather than two per record (header, then body),
// which is what OpenSSL does without read-ahead. Not OpenSSL's read-ahead: OpenSSL 3.0 moves
// the unread rest of that buffer to its front before each record it reads (quadratic in the
// records per buffer: with 64 KiB, half of the client's instructions under callgrind).
constexpr size_t kCipherBytes = 128 * 1024;

}  // namespace

CipherScratch::CipherScratch() : bytes(new char[kCipherBytes]) {}

TlsSocket::TlsSocket(net::io_context& io, SSL_CTX* ctx, CipherScratch* scratch)
    : socket_(io), ssl_(SSL_new(ctx)), own_scratch_(scratch ? nullptr : new CipherScratch), scratch_(scratch ? scratch : own_scratch_.get()) {}

TlsSocket::~TlsSocket() {
  if (scratch_->owner == this) scratch_->owner = nullptr;
  if (ssl_) SSL_free(ssl_);  // its BIO does not own the descriptor
  if (detached_) ::close(fd_);
}

BIO_METHOD* TlsSocket::socket_bio() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "kapi-bench socket");
    BIO_meth_set_read(m, &TlsSocket::bio_read);
    BIO_meth_set_write(m, &TlsSocket::bio_write);
    BIO_meth_set_ctrl(m, &TlsSocket::bio_ctrl);
    BIO_meth_set_create(m, [](BIO* b) {
      BIO_set_init(b, 1);
      return 1;
    });
    return m;
  }();
  return method;
}

int TlsSocket::bio_read(BIO* bio, char* out, int size) {
  auto* self = static_cast<TlsSocket*>(BIO_get_data(bio));
  BIO_clear_retry_flags(bio);
  // OpenSSL asks for a record's header, then for its body: handed out from what was received.
  const auto give = [&](const char* from, size_t available) {
    size_t n = std::min(static_cast<size_t>(size), available);
    std::memcpy(out, from, n);
    return n;
  };
  if (self->spill_begin_ < self->spill_.size()) {
    size_t n = give(self->spill_.data() + self->spill_begin_, self->spill_.size() - self->spill_begin_);
    self->spill_begin_ += n;
    if (self->spill_begin_ == self->spill_.size()) {
      self->spill_.clear();
      self->spill_begin_ = 0;
    }
    return static_cast<int>(n);
  }
  CipherScratch& scratch = *self->scratch_;
  if (scratch.owner != self || scratch.begin == scratch.end) {
    if (self->drained_) {
      BIO_set_retry_read(bio);
      return -1;
    }
    if (scratch.owner && scratch.owner != self && scratch.begin < scratch.end) {
      TlsSocket& previous = *scratch.owner;  // its spill is empty: it took the scratch only then
      previous.spill_.assign(scratch.bytes.get() + scratch.begin, scratch.bytes.get() + scratch.end);
      previous.spill_begin_ = 0;
    }
    scratch.owner = self;
    scratch.begin = scratch.end = 0;
    ssize_t n = ::read(self->fd_, scratch.bytes.get(), kCipherBytes);
    if (n <= 0) {
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        self->drained_ = errno != EINTR;
        BIO_set_retry_read(bio);
        return -1;
      }
      return static_cast<int>(n);  // 0: the peer closed; -1: an error, errno says which
    }
    self->drained_ = static_cast<size_t>(n) < kCipherBytes;
    scratch.end = static_cast<size_t>(n);
  }
  size_t n = give(scratch.bytes.get() + scratch.begin, scratch.end - scratch.begin);
  scratch.begin += n;
  return static_cast<int>(n);
}

int TlsSocket::bio_write(BIO* bio, const char* in, int size) {
  auto* self = static_cast<TlsSocket*>(BIO_get_data(bio));
  BIO_clear_retry_flags(bio);
  // MSG_NOSIGNAL: a server that closed the connection is an error here, not a SIGPIPE.
  ssize_t n = ::send(self->fd_, in, static_cast<size_t>(size), MSG_NOSIGNAL);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
    BIO_set_retry_write(bio);
    return -1;
  }
  return static_cast<int>(n);
}

long TlsSocket::bio_ctrl(BIO*, int cmd, long, void*) {
  return cmd == BIO_CTRL_FLUSH ? 1 : 0;  // writes are not buffered here; nothing else applies
}

int TlsSocket::detach() {
  boost::system::error_code ec;
  int fd = socket_.release(ec);
  if (ec) return -1;
  detached_ = true;
  return fd;
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
  SSL_set_connect_state(ssl_);
  return "";
}

void TlsSocket::handshake(Done done) {
  if (fd_ < 0) {
    boost::system::error_code ec;
    socket_.non_blocking(true, ec);
    if (ec) return done("cannot make the socket non-blocking: " + ec.message());
    BIO* bio = BIO_new(socket_bio());
    if (!bio) return done("cannot attach TLS to the socket: " + describe(0));
    fd_ = socket_.native_handle();
    BIO_set_data(bio, this);
    SSL_set_bio(ssl_, bio, bio);
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
         readable();
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
