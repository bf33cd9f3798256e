// A TLS client connection that OpenSSL reads and writes directly on the non-blocking socket,
// Asio only connecting and saying when the socket is ready. Asio's ssl::stream goes through a
// BIO pair: every received byte is read into its buffer, copied into the pair, copied again
// into OpenSSL's record buffer, then decrypted into the caller's buffer, one 17 KiB read at a
// time; a thousand watch streams made that a quarter of kapi-bench's CPU. Here one recv takes
// many records into a buffer of this object's, from which OpenSSL takes each record.
// Once set up, the socket can leave Asio (detach()) for an epoll set of the caller's, which
// then says when to read() again (ready_set.h).
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kapi::bench {

class TlsSocket;

// Received ciphertext not yet handed to OpenSSL, in a buffer the sockets that one thread reads
// share: a thousand buffers of their own, each written by recv and read by OpenSSL once per
// pass over the sockets, were cold in the cache at every use. The socket that takes it over
// moves what the previous one left (a rare thing: sockets are read until this is empty) to
// that socket's own spill buffer.
struct CipherScratch {
  CipherScratch();
  std::unique_ptr<char[]> bytes;
  size_t begin = 0, end = 0;  // the owner's bytes
  TlsSocket* owner = nullptr;
};

class TlsSocket {
 public:
  // Called once an operation is done: an empty string, or what went wrong.
  using Done = std::function<void(std::string error)>;
  enum class Read { kData, kWantRead, kWantWrite, kClosed, kError };

  // `scratch` (shared by the sockets of one thread, outliving them) or, when null, one of its own.
  TlsSocket(boost::asio::io_context& io, SSL_CTX* ctx, CipherScratch* scratch = nullptr);
  ~TlsSocket();
  TlsSocket(const TlsSocket&) = delete;
  TlsSocket& operator=(const TlsSocket&) = delete;

  // Before connecting: SNI (names only) and, when verify, the check that the server's
  // certificate is for `host` (a name, or an IP literal matched against the IP SANs).
  std::string prepare(const std::string& host, bool verify);
  boost::asio::ip::tcp::socket& socket() { return socket_; }

  // Once connected: the TLS handshake, then writing all of `data` (which must outlive `done`).
  void handshake(Done done);
  void write(std::string_view data, Done done);

  // Decrypts what has arrived into [into, into + capacity): kData with `got` > 0, or why
  // nothing (kWantRead/kWantWrite: wait for the socket, then read again; kError: error()).
  Read read(char* into, size_t capacity, size_t& got);
  const std::string& error() const { return error_; }
  // The socket may have more: a recv that did not fill the buffer (or found nothing)
  // means it was empty then, so read() answers kWantRead without a system call that would
  // fail with EAGAIN, until the owner calls this on the next readiness.
  void readable() { drained_ = false; }
  // True while received bytes wait here for OpenSSL (a read would not need the socket).
  bool buffered() const { return spill_begin_ < spill_.size() || (scratch_->owner == this && scratch_->begin < scratch_->end); }

  // Takes the socket from Asio (for an epoll set of the caller's; wait() no longer works):
  // its descriptor, which stays this object's to close. -1 on failure.
  int detach();

  // Calls on_ready(error_code) once the socket can be read (kWantRead) or written (kWantWrite).
  template <typename OnReady>
  void wait(Read why, OnReady&& on_ready) {
    socket_.async_wait(why == Read::kWantWrite ? boost::asio::ip::tcp::socket::wait_write
                                               : boost::asio::ip::tcp::socket::wait_read,
                       std::forward<OnReady>(on_ready));
  }

 private:
  // Runs op (an SSL call returning > 0 on success) until it succeeds, waiting for the socket
  // whenever OpenSSL wants to read or write.
  void drive(std::function<int()> op, Done done);
  // Takes OpenSSL's error for result `r` of the last call, and clears the thread's queue so
  // that the next connection served by this thread does not see it.
  std::string describe(int r);
  // The BIO under OpenSSL: read() and send() on the descriptor, noting when it ran dry.
  static BIO_METHOD* socket_bio();
  static int bio_read(BIO* bio, char* out, int size);
  static int bio_write(BIO* bio, const char* in, int size);
  static long bio_ctrl(BIO* bio, int cmd, long num, void* ptr);

  boost::asio::ip::tcp::socket socket_;
  SSL* ssl_;
  int fd_ = -1;          // the descriptor, once attached
  bool detached_ = false;  // closed here rather than by socket_
  bool drained_ = false;
  std::unique_ptr<CipherScratch> own_scratch_;
  CipherScratch* scratch_;
  std::vector<char> spill_;  // received before what `scratch_` holds for this socket: [spill_begin_, size)
  size_t spill_begin_ = 0;
  std::string error_;
};

}  // namespace kapi::bench
