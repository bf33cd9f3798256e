#include "bench/kapi-bench/watch_pool.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <limits>
#include <optional>
#include <utility>
#include <thread>

#include "bench/kapi-bench/chunked_decoder.h"
#include "bench/kapi-bench/ready_set.h"
#include "bench/kapi-bench/tls_socket.h"
#include "bench/kapi-bench/watch_event.h"
#include "bench/kapi-bench/workload.h"
#include "client/http_transport.h"

namespace kapi::bench {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

// Decrypted bytes gathered before they are checked: the fewer checks, the fewer lines cut by
// a buffer's end (each is copied once).
constexpr size_t kReadBuffer = 32 * 1024;
// Buffers one watch may read before letting its thread's other watches run (once what it
// received is decrypted: the next watch would otherwise move it aside).
constexpr int kBuffersPerTurn = 4;

// What the watches of one thread share, as they are read one at a time: the ciphertext
// received and the plaintext being checked, one buffer each that stays in the cache instead
// of a thousand that were cold at each use (a watch's pass over its buffer ends with it empty).
struct ThreadBuffers {
  CipherScratch cipher;
  std::unique_ptr<char[]> plain{new char[kReadBuffer]};
};

// Counters of one io thread: only that thread writes them (relaxed load + store), others read.
struct ThreadStats {
  explicit ThreadStats(int seconds) : delivered_by_second(static_cast<size_t>(seconds)) {
    for (int i = 0; i < seconds; ++i) {
      latency_by_second.push_back(std::make_unique<Histogram>());
      after_ack_by_second.push_back(std::make_unique<Histogram>());
    }
  }
  static void bump(std::atomic<uint64_t>& c) { c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed); }
  Histogram latency, after_ack;
  std::vector<std::unique_ptr<Histogram>> latency_by_second, after_ack_by_second;
  std::vector<std::atomic<uint64_t>> delivered_by_second;
  std::atomic<uint64_t> delivered{0};
};

}  // namespace

struct Watch;

struct WatchPool::Impl {
  const Target& target;
  Options options;
  ssl::context tls{ssl::context::tls_client};
  bool verify = true;
  std::string host_header;
  tcp::resolver::results_type endpoints;
  std::vector<std::unique_ptr<ThreadBuffers>> buffers;  // before ios: the watches its handlers hold use them
  std::vector<std::unique_ptr<net::io_context>> ios;
  std::vector<std::unique_ptr<ThreadStats>> stats;
  std::vector<std::unique_ptr<ReadySet>> ready;  // one per thread
  std::vector<std::thread> threads;
  std::vector<std::shared_ptr<Watch>> watches;
  std::atomic<int> answered{0};
  std::atomic<bool> stopped{false};

  Impl(const Target& t, Options o) : target(t), options(std::move(o)) {}
  std::string load_tls();
};

// One watch: connect, TLS, GET, then read the chunked body line by line. OpenSSL reads the
// socket itself (tls_socket.h); the decrypted bytes are de-chunked here and each line is
// checked where it lies in the read buffer (only a line cut by the end of a read is copied).
struct Watch : std::enable_shared_from_this<Watch> {
  Watch(net::io_context& io, WatchPool::Impl& pool, ThreadStats& stats, ReadySet& ready, ThreadBuffers& buffers)
      : io(io), pool(pool), stats(stats), ready(ready), tls(io, pool.tls.native_handle(), &buffers.cipher), in(buffers.plain.get()) {}

  net::io_context& io;
  WatchPool::Impl& pool;
  ThreadStats& stats;
  ReadySet& ready;
  TlsSocket tls;
  int fd = -1;
  bool registered = false;  // in `ready`
  std::string request;
  std::optional<http::response_parser<http::empty_body>> parser;  // until the header is read
  ChunkedDecoder body;
  char* in;  // the thread's plaintext buffer: decrypted bytes not yet checked, emptied by take()
  std::string header;  // the answer's header while incomplete
  std::string partial_line;

  uint64_t last_revision = 0;
  std::vector<uint64_t> seen;  // bitmap by write index
  std::atomic<uint64_t> distinct{0};
  uint64_t duplicated = 0, out_of_order = 0;
  std::atomic<bool> established{false}, closed{false};
  std::string error;

  void start() {
    if (auto failed = tls.prepare(pool.target.address().host, pool.verify); !failed.empty()) return fail(failed);
    request = "GET " + pool.options.target + " HTTP/1.1\r\nHost: " + pool.host_header +
              "\r\nAccept: application/json\r\nUser-Agent: kapi-bench\r\n";
    if (!pool.target.config().token.empty()) request += "Authorization: Bearer " + pool.target.config().token + "\r\n";
    request += "\r\n";
    parser.emplace();
    parser->body_limit(std::numeric_limits<std::uint64_t>::max());
    net::async_connect(tls.socket(), pool.endpoints, [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
      if (ec) return self->fail("connect: " + ec.message());
      self->tls.handshake([self](std::string failed) {
        if (!failed.empty()) return self->fail("TLS handshake: " + failed);
        self->tls.write(self->request, [self](std::string failed) {
          if (!failed.empty()) return self->fail("write: " + failed);
          self->watch_readiness();
        });
      });
    });
  }

  // Leaves Asio for the thread's ready set, which calls on_readable() from now on.
  void watch_readiness() {
    fd = tls.detach();
    if (fd < 0) return fail("cannot take the socket from Asio");
    if (auto failed = ready.add(fd, this); !failed.empty()) return fail("epoll: " + failed);
    registered = true;
    read_more();
  }

  static void on_ready(void* watch) { static_cast<Watch*>(watch)->on_readable(); }
  void on_readable() {
    if (closed) return;
    tls.readable();
    read_more();
  }

  // Reads what the socket has (at most a few buffers per turn, so one busy watch does not
  // hold its thread) and checks it; the ready set calls again when more comes.
  void read_more() {
    if (closed) return;
    size_t used = 0;
    for (int turn = 0; turn < kBuffersPerTurn || tls.buffered(); ++turn) {
      size_t got = 0;
      auto r = tls.read(in + used, kReadBuffer - used, got);
      if (r == TlsSocket::Read::kData) {
        used += got;
        if (used == kReadBuffer && !take(std::exchange(used, 0))) return;
        continue;
      }
      if (used > 0 && !take(used)) return;
      // kWantWrite (OpenSSL answering a key update): the socket is writable again when the
      // ready set (EPOLLOUT) calls.
      if (r == TlsSocket::Read::kWantRead || r == TlsSocket::Read::kWantWrite) return;
      if (!pool.stopped) fail(r == TlsSocket::Read::kClosed ? "stream: the server closed the TLS stream" : "stream: " + tls.error());
      return;
    }
    if (used > 0 && !take(used)) return;
    // Bytes may be left in OpenSSL's buffer or the socket, which no new edge would announce.
    net::post(io, [self = shared_from_this()] { self->read_more(); });
  }

  // Checks the `used` bytes at `in` (all of them: the buffer is the thread's): the header
  // first, then the body. False when the watch is over.
  bool take(size_t used) {
    std::string_view bytes(in, used);
    if (parser) {
      if (!header.empty()) bytes = header.append(bytes);
      beast::error_code ec;
      size_t header_size = parser->put(net::buffer(bytes.data(), bytes.size()), ec);
      if (ec == http::error::need_more) {  // Beast takes a header whole: keep it, read more after it
        if (bytes.size() - header_size >= kReadBuffer) return fail("reading the answer: header too large"), false;
        header = std::string(bytes.substr(header_size));
        return true;
      }
      if (ec) return fail("reading the answer: " + ec.message()), false;
      if (!parser->is_header_done()) {
        header = std::string(bytes.substr(header_size));
        return true;
      }
      int status = static_cast<int>(parser->get().result_int());
      if (status != 200) return fail("watch answered " + std::to_string(status)), false;
      if (!parser->chunked()) return fail("watch answer is not chunked"), false;
      parser.reset();
      established = true;
      pool.answered.fetch_add(1);
      bytes.remove_prefix(header_size);
      const bool open = on_bytes(bytes);
      header.clear();  // after on_bytes: `bytes` may lie in it
      header.shrink_to_fit();
      return open;
    }
    return on_bytes(bytes);
  }

  // Decoded body bytes go to consume(); false when the watch is over (ended or malformed).
  bool on_bytes(std::string_view bytes) {
    // One receive time for all the events of a read, and its second of the series.
    const int64_t now = unix_nanos_now();
    const auto second = static_cast<size_t>(std::clamp<int64_t>((now - pool.options.start_unix_nano) / 1000000000, 0,
                                                                static_cast<int64_t>(stats.latency_by_second.size()) - 1));
    if (!body.feed(bytes, [&](std::string_view data) { consume(data, now, second); })) {
      fail("bad chunked body: " + body.error());
      return false;
    }
    if (body.done()) {
      if (!pool.stopped) fail("the server ended the watch");
      return false;
    }
    return true;
  }

  void consume(std::string_view bytes, int64_t now, size_t second) {
    while (!bytes.empty()) {
      const void* found = std::memchr(bytes.data(), '\n', bytes.size());
      if (!found) {
        partial_line.append(bytes);
        return;
      }
      const auto nl = static_cast<size_t>(static_cast<const char*>(found) - bytes.data());
      if (partial_line.empty()) {
        on_line(bytes.substr(0, nl), now, second);
      } else {
        partial_line.append(bytes.substr(0, nl));
        on_line(partial_line, now, second);
        partial_line.clear();
      }
      bytes.remove_prefix(nl + 1);
    }
  }

  void on_line(std::string_view line, int64_t now, size_t second) {
    if (line.empty()) return;
    auto event = read_watch_event(line);
    if (!event) {
      if (error.empty()) error = "unreadable event: " + std::string(line.substr(0, 200));
      return;
    }
    if (event->type == EventType::kBookmark) return;
    if (event->type == EventType::kError) {
      if (error.empty()) error = "ERROR event: " + event->error_message;
      return;
    }
    if (event->revision <= last_revision) ++out_of_order;
    else last_revision = event->revision;
    const auto& sent_by_index = *pool.options.sent_by_index;
    if (!event->seq) return;  // not an object of this run
    uint64_t index = write_index(event->type, *event->seq);
    if (index >= sent_by_index.size()) return;
    if (seen.size() <= index / 64) seen.resize(std::max(seen.size() * 2, index / 64 + 1));
    uint64_t bit = uint64_t{1} << (index % 64);
    if (seen[index / 64] & bit) ++duplicated;
    else distinct.store(distinct.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    seen[index / 64] |= bit;
    int64_t sent = event->type == EventType::kDeleted || !event->sent_unix_nano
                       ? sent_by_index[index].load(std::memory_order_relaxed)
                       : *event->sent_unix_nano;
    auto latency = static_cast<uint64_t>(sent > 0 && now > sent ? now - sent : 0);
    const uint64_t after_ack = latency_after_ack(now, (*pool.options.acked_by_index)[index].load(std::memory_order_relaxed));
    stats.latency.record(latency);
    stats.latency_by_second[second]->record(latency);
    stats.after_ack.record(after_ack);
    stats.after_ack_by_second[second]->record(after_ack);
    ThreadStats::bump(stats.delivered_by_second[second]);
    ThreadStats::bump(stats.delivered);
  }

  void fail(std::string why) {
    if (error.empty()) error = std::move(why);
    if (registered) ready.remove(fd);
    registered = false;
    if (!established) pool.answered.fetch_add(1);
    closed = true;
  }
};

std::string WatchPool::Impl::load_tls() {
  const auto settings = target.tls();
  verify = !settings.insecure_skip_verify;
  // The client's TLS settings, TLS 1.3 suites in Go's order (AES-128-GCM first) among them.
  return client::configure_client_tls(tls, settings);
}

WatchPool::WatchPool(const Target& target, Options options) : impl_(std::make_unique<Impl>(target, std::move(options))) {}

WatchPool::~WatchPool() {
  impl_->stopped = true;
  for (auto& io : impl_->ios) io->stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->watches.clear();
  impl_->ready.clear();  // Asio objects go before their io_context
  impl_->ios.clear();  // destroys the pending handlers, and with them the connections
}

bool WatchPool::start(std::chrono::milliseconds deadline, std::string& error) {
  auto& p = *impl_;
  error = p.load_tls();
  if (!error.empty()) return false;
  const auto& address = p.target.address();
  p.host_header = address.host.find(':') != std::string::npos ? "[" + address.host + "]:" + address.port
                                                              : address.host + ":" + address.port;
  {
    net::io_context resolve_io;
    tcp::resolver resolver(resolve_io);
    beast::error_code ec;
    p.endpoints = resolver.resolve(address.host, address.port, ec);
    if (ec) {
      error = "cannot resolve " + address.host + ": " + ec.message();
      return false;
    }
  }
  int threads = std::max(1, p.options.threads);
  for (int i = 0; i < threads; ++i) {
    p.ios.push_back(std::make_unique<net::io_context>(1));
    p.stats.push_back(std::make_unique<ThreadStats>(std::max(1, p.options.seconds)));
    p.ready.push_back(std::make_unique<ReadySet>(*p.ios.back(), &Watch::on_ready));
    p.buffers.push_back(std::make_unique<ThreadBuffers>());
    p.ready.back()->start();
  }
  for (int i = 0; i < p.options.watches; ++i) {
    auto t = static_cast<size_t>(i % threads);
    p.watches.push_back(std::make_shared<Watch>(*p.ios[t], p, *p.stats[t], *p.ready[t], *p.buffers[t]));
    p.watches.back()->start();
  }
  for (auto& io : p.ios)
    p.threads.emplace_back([io = io.get()] {
      auto guard = net::make_work_guard(*io);
      io->run();
    });
  auto until = std::chrono::steady_clock::now() + deadline;
  while (p.answered.load() < p.options.watches && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  int established = 0;
  for (const auto& w : p.watches) {
    if (w->established) ++established;
    else if (error.empty() && w->closed) error = w->error;  // safe: a closed watch's thread is done with it
  }
  if (established == p.options.watches) return true;
  error = std::to_string(established) + " of " + std::to_string(p.options.watches) + " watches started" +
          (error.empty() ? " before the deadline" : "; first failure: " + error);
  return false;
}

uint64_t WatchPool::min_distinct_seen() const {
  uint64_t least = std::numeric_limits<uint64_t>::max();
  for (const auto& w : impl_->watches)
    if (!w->closed) least = std::min(least, w->distinct.load(std::memory_order_relaxed));
  return least;
}

uint64_t WatchPool::delivered_so_far() const {
  uint64_t n = 0;
  for (const auto& s : impl_->stats) n += s->delivered.load(std::memory_order_relaxed);
  return n;
}

std::unique_ptr<Histogram> WatchPool::latency_of_second(int second) const {
  auto h = std::make_unique<Histogram>();
  for (const auto& s : impl_->stats)
    if (second >= 0 && static_cast<size_t>(second) < s->latency_by_second.size()) h->merge(*s->latency_by_second[static_cast<size_t>(second)]);
  return h;
}

WatchTotals WatchPool::finish(const std::vector<uint8_t>& acknowledged, const std::vector<uint8_t>& attempted) {
  auto& p = *impl_;
  p.stopped = true;
  for (auto& io : p.ios) io->stop();
  for (auto& t : p.threads) t.join();
  p.threads.clear();

  // Bitmaps of acknowledged writes, and of writes whose outcome is unknown (request failed).
  std::vector<uint64_t> acked((acknowledged.size() + 63) / 64), unknown(acked.size());
  for (size_t i = 0; i < acknowledged.size(); ++i) {
    if (acknowledged[i]) acked[i / 64] |= uint64_t{1} << (i % 64);
    else if (i < attempted.size() && attempted[i]) unknown[i / 64] |= uint64_t{1} << (i % 64);
  }
  WatchTotals out;
  out.watches = p.watches.size();
  for (const auto& w : p.watches) {
    if (w->established) ++out.established;
    if (w->closed || !w->established) {
      ++out.closed_early;
      if (out.first_error.empty()) out.first_error = w->error;
    } else if (out.first_error.empty() && !w->error.empty()) {
      out.first_error = w->error;
    }
    out.duplicated += w->duplicated;
    out.out_of_order += w->out_of_order;
    for (size_t i = 0; i < acked.size(); ++i) {
      uint64_t seen = i < w->seen.size() ? w->seen[i] : 0;
      out.lost += static_cast<uint64_t>(std::popcount(acked[i] & ~seen));
      out.unacknowledged += static_cast<uint64_t>(std::popcount(unknown[i] & seen));
    }
  }
  size_t seconds = p.stats.empty() ? 0 : p.stats.front()->latency_by_second.size();
  out.delivered_by_second.assign(seconds, 0);
  for (size_t s = 0; s < seconds; ++s) {
    out.latency_by_second.push_back(std::make_unique<Histogram>());
    out.latency_after_ack_by_second.push_back(std::make_unique<Histogram>());
  }
  for (const auto& st : p.stats) {
    out.delivered += st->delivered.load();
    out.latency->merge(st->latency);
    out.latency_after_ack->merge(st->after_ack);
    for (size_t s = 0; s < seconds; ++s) {
      out.delivered_by_second[s] += st->delivered_by_second[s].load();
      out.latency_by_second[s]->merge(*st->latency_by_second[s]);
      out.latency_after_ack_by_second[s]->merge(*st->after_ack_by_second[s]);
    }
  }
  return out;
}

}  // namespace kapi::bench
