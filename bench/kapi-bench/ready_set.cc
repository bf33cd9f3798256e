#include "bench/kapi-bench/ready_set.h"

#include <sys/epoll.h>

#include <cerrno>
#include <cstring>

namespace kapi::bench {

ReadySet::ReadySet(boost::asio::io_context& io, OnReady on_ready)
    : epoll_(io, ::epoll_create1(EPOLL_CLOEXEC)), on_ready_(on_ready) {}

std::string ReadySet::add(int fd, void* target) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.ptr = target;
  if (::epoll_ctl(epoll_.native_handle(), EPOLL_CTL_ADD, fd, &ev) != 0) return std::strerror(errno);
  return "";
}

void ReadySet::remove(int fd) { ::epoll_ctl(epoll_.native_handle(), EPOLL_CTL_DEL, fd, nullptr); }

void ReadySet::start() { wait(); }

void ReadySet::wait() {
  epoll_.async_wait(boost::asio::posix::stream_descriptor::wait_read, [this](boost::system::error_code ec) {
    if (ec) return;  // cancelled: the pool is going away
    constexpr int kBatch = 256;
    epoll_event events[kBatch];
    int n;
    do {
      n = ::epoll_wait(epoll_.native_handle(), events, kBatch, 0);
      for (int i = 0; i < n; ++i) on_ready_(events[i].data.ptr);
    } while (n == kBatch);
    wait();
  });
}

}  // namespace kapi::bench
