// The socket BIO of direct watch writes: bytes written while "more" is set wait in the kernel
// for what follows (MSG_MORE), and go out with the next write made without it.
#include "base/socket_bio.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/bio.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace {

// A connected loopback TCP pair, the writer with TCP_NODELAY as the server's sockets.
struct TcpPair {
  int writer = -1, reader = -1;
  TcpPair() {
    int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    EXPECT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listener, 1), 0);
    EXPECT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    writer = ::socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_EQ(::connect(writer, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    reader = ::accept(listener, nullptr, nullptr);
    ::close(listener);
    int one = 1;
    ::setsockopt(writer, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~TcpPair() {
    ::close(writer);
    ::close(reader);
  }
  // What arrives within `ms` milliseconds (everything readable then).
  std::string receive(int ms) {
    std::string got;
    pollfd p{reader, POLLIN, 0};
    while (::poll(&p, 1, ms) == 1) {
      char buf[4096];
      const ssize_t n = ::recv(reader, buf, sizeof buf, 0);
      if (n <= 0) break;
      got.append(buf, static_cast<size_t>(n));
      ms = 20;  // the rest of what was pushed follows at once
    }
    return got;
  }
};

TEST(SocketBio, WritesMarkedMoreWaitForTheWriteWithoutIt) {
  TcpPair tcp;
  BIO* bio = kapi::base::new_socket_bio(tcp.writer);
  ASSERT_NE(bio, nullptr);
  const std::string first(100, 'a'), last(50, 'b');
  kapi::base::set_socket_bio_more(bio, true);
  ASSERT_EQ(BIO_write(bio, first.data(), static_cast<int>(first.size())), 100);
  EXPECT_EQ(tcp.receive(100), "");  // held for the records that follow
  kapi::base::set_socket_bio_more(bio, false);
  ASSERT_EQ(BIO_write(bio, last.data(), static_cast<int>(last.size())), 50);
  EXPECT_EQ(tcp.receive(1000), first + last);
  BIO_free(bio);
}

TEST(SocketBio, PlainWritesGoOutAtOnce) {
  TcpPair tcp;
  BIO* bio = kapi::base::new_socket_bio(tcp.writer);
  ASSERT_NE(bio, nullptr);
  ASSERT_EQ(BIO_write(bio, "hello", 5), 5);
  EXPECT_EQ(tcp.receive(1000), "hello");
  BIO_free(bio);
}

}  // namespace
