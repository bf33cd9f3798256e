// Readiness of many sockets through one epoll set of their own, which Asio waits on as a
// single descriptor. Asio re-arms a socket with epoll_ctl at every async_wait and queues a
// handler per wake-up; a thousand watch streams woken a few hundred times a second each made
// that a tenth of kapi-bench's CPU. Here each socket is registered once, edge-triggered, and
// one wake-up of the thread serves every socket that became ready.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <string>

namespace kapi::bench {

class ReadySet {
 public:
  // on_ready(target) runs on the io_context's thread whenever target's socket may be read
  // or written again (edge-triggered: after it was read or written until EAGAIN).
  using OnReady = void (*)(void* target);
  ReadySet(boost::asio::io_context& io, OnReady on_ready);

  // Empty, or why not.
  std::string add(int fd, void* target);
  void remove(int fd);
  // Starts waiting; call once, from anywhere before the io_context runs.
  void start();

 private:
  void wait();

  boost::asio::posix::stream_descriptor epoll_;
  OnReady on_ready_;
};

}  // namespace kapi::bench
