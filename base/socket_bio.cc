#include "base/socket_bio.h"

#include <openssl/bio.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>

namespace kapi::base {

namespace {

struct SocketState {
  int fd;
  bool more = false;  // see set_socket_bio_more
};

SocketState& state_of(BIO* bio) { return *static_cast<SocketState*>(BIO_get_data(bio)); }
int fd_of(BIO* bio) { return state_of(bio).fd; }

bool would_block() { return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR; }

int bio_write(BIO* bio, const char* data, int size) {
  BIO_clear_retry_flags(bio);
  const SocketState& state = state_of(bio);
  const ssize_t n = ::send(state.fd, data, static_cast<size_t>(size), MSG_NOSIGNAL | (state.more ? MSG_MORE : 0));
  if (n >= 0) return static_cast<int>(n);
  if (would_block()) BIO_set_retry_write(bio);
  return -1;
}

// 0 at the peer's end of stream: SSL_read then reports the connection closed.
int bio_read(BIO* bio, char* out, int size) {
  BIO_clear_retry_flags(bio);
  const ssize_t n = ::recv(fd_of(bio), out, static_cast<size_t>(size), 0);
  if (n >= 0) return static_cast<int>(n);
  if (would_block()) BIO_set_retry_read(bio);
  return -1;
}

// A flush has nothing to do (nothing is buffered here); every other control is unsupported.
long bio_ctrl(BIO*, int cmd, long, void*) { return cmd == BIO_CTRL_FLUSH ? 1 : 0; }

int bio_create(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

int bio_destroy(BIO* bio) {
  delete static_cast<SocketState*>(BIO_get_data(bio));
  BIO_set_data(bio, nullptr);
  return 1;
}

BIO_METHOD* make_method() {
  BIO_METHOD* method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "kapi socket");
  if (!method) return nullptr;
  BIO_meth_set_write(method, bio_write);
  BIO_meth_set_read(method, bio_read);
  BIO_meth_set_ctrl(method, bio_ctrl);
  BIO_meth_set_create(method, bio_create);
  BIO_meth_set_destroy(method, bio_destroy);
  return method;
}

}  // namespace

BIO* new_socket_bio(int fd) {
  static BIO_METHOD* const method = make_method();  // for the life of the process
  if (!method) return nullptr;
  BIO* bio = BIO_new(method);
  if (bio) BIO_set_data(bio, new SocketState{fd});
  return bio;
}

void set_socket_bio_more(BIO* bio, bool more) { state_of(bio).more = more; }

}  // namespace kapi::base
