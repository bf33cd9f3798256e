#include "apiserver/http_server.h"

#include <malloc.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <poll.h>
#include <stdexcept>
#include <thread>

#include "apiserver/authn/client_certificate.h"
#include "apiserver/authn/verified_certificates.h"
#include "apiserver/http_wire.h"
#include "base/socket_bio.h"
#include "base/thread_name.h"
#include "registry/api_error.h"

namespace kapi::apiserver {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr auto kIdleTick = std::chrono::seconds(5);
constexpr auto kReadTimeout = std::chrono::seconds(120);

// A watch chunk is built behind room for its size line ("<hex>\r\n", at most 16 digits), which is
// written in once the payload's size is known: header, frames and trailing CRLF go out as one
// buffer, so one TLS record per 16 KiB and no copy or allocation per event.
constexpr size_t kChunkSizeRoom = 18;
// A session reuses its chunk buffer while events keep coming (a backlog's batches grow it to
// up to 256 events); once the watch is idle it keeps at most this much, so 1000 idle watches
// stay small.
constexpr size_t kKeptChunkCapacity = 16 * 1024;
// OpenSSL's largest record of plaintext (its default max_send_fragment): a direct write of
// more than this takes more than one record.
constexpr size_t kMaxRecordBytes = 16 * 1024;
// What a network thread's chunk buffer may keep between pumps (a backlog's batch of 256
// events of a few KiB each fits); a larger one, made for huge objects, is given back.
constexpr size_t kKeptThreadChunkCapacity = 1024 * 1024;

// The chunk a direct-writing watch builds and hands to SSL_write, one per network thread: a
// chunk written at once (the common case) needs no buffer of the session's after the write.
// With a buffer per session, the 1000 watches' buffers went back to malloc when idle and came
// back as fresh pages under the next backlog (page faults were 6% of the server at 1000
// watchers); this one stays warm in the thread's cache.
std::string& thread_chunk() {
  thread_local std::string chunk;
  return chunk;
}

// Puts the chunk-size line right before the payload that starts at kChunkSizeRoom; returns
// where the chunk starts.
size_t put_chunk_size(std::string& chunk) {
  char hex[16];
  const size_t payload = chunk.size() - kChunkSizeRoom;
  const size_t digits = static_cast<size_t>(std::to_chars(hex, hex + sizeof hex, payload, 16).ptr - hex);
  const size_t start = kChunkSizeRoom - digits - 2;
  std::memcpy(chunk.data() + start, hex, digits);
  chunk[start + digits] = '\r';
  chunk[start + digits + 1] = '\n';
  return start;
}

Response status_response(const registry::ApiError& error) {
  Response r;
  r.status = error.code;
  r.body = error.to_status().dump();
  return r;
}

// Connections alive, and malloc's memory handed back once most of them have closed: glibc keeps
// freed memory in its arenas, so a thousand closed watches (TLS state and buffers, ~100 KiB
// each) would otherwise stay in the RSS for good.
class LiveSessions {
 public:
  void opened() {
    const int n = ++count_;
    int peak = peak_.load();
    while (n > peak && !peak_.compare_exchange_weak(peak, n)) {
    }
  }
  void closed() {
    const int n = --count_;
    int peak = peak_.load();
    // Trims only after a large drop (1000 closing watches trim twice, at 125 and at 15 left):
    // malloc_trim walks every arena, a few milliseconds.
    if (peak >= kTrimFrom && n <= peak / 8 && peak_.compare_exchange_strong(peak, n)) malloc_trim(0);
  }
  int count() const { return count_.load(); }

 private:
  static constexpr int kTrimFrom = 64;
  std::atomic<int> count_{0};
  std::atomic<int> peak_{0};  // the most alive since the last trim
};

// Answers still to come from requests an AsyncHandler took: they are posted to the io_context
// from other threads (a store's committer), so stop() waits for them before the io_context goes.
class PendingAnswers {
 public:
  void add() {
    std::lock_guard lock(mu_);
    ++count_;
  }
  void done() {
    std::lock_guard lock(mu_);
    if (--count_ == 0) idle_.notify_all();
  }
  void wait_idle() {
    std::unique_lock lock(mu_);
    idle_.wait(lock, [this] { return count_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable idle_;
  int count_ = 0;
};

class Session;

// Watch fan-out without starving requests. A watch notified of new events does not post its
// own pump to the io_context (a write would then queue behind one pump per watcher, and each
// hop of a request — read, answer, write — behind the next thousand); it joins a ready list,
// which slices drain kSliceSessions pumps at a time, each slice re-posted behind whatever was
// queued meanwhile. A session is in the list at most once, so events that arrive while it
// waits go out together in its next chunk.
//
// The list is drained in rounds. A session notified again after its pump in the running round
// (writes come faster than one pass over the watchers) waits for the next round. When the
// round wrote many chunks (kSliceSessions or more: many watchers) and they were small (under
// kBatchBytes on average: one or two events each), the next round starts only after a pause
// as long as the last round took (at most kMaxPause): the network threads leave the CPU to
// the writes' requests for as long as they pumped, and the next round carries everything
// written meanwhile, many events per chunk, instead of one chunk per watcher per write. Once
// chunks are large there is no pause (it would only let a backlog grow), nor with few
// watchers (their chunks cost little, and a round's wall time, which a preemption may
// stretch, would become their latency). A watch notified while no round runs (writes slower
// than a pass) is pumped at once.
class FanOut {
 public:
  explicit FanOut(net::io_context& io) : io_(io) {}
  // Before the network threads run (the pause timer needs the io_context), and released
  // before it is destroyed.
  void start(int max_slices) {
    max_slices_ = std::max(1, max_slices);
    pause_.emplace(io_);
  }
  void release() { pause_.reset(); }
  // Adds `session` (not yet listed: the caller holds its `listed` flag) and makes sure a slice
  // will run. `pumped_in` is the round in which the session was last pumped.
  void ready(std::weak_ptr<Session> session, uint64_t pumped_in);
  // A session wrote a chunk of `bytes` (any thread).
  void wrote(size_t bytes) {
    round_chunks_.fetch_add(1, std::memory_order_relaxed);
    round_bytes_.fetch_add(bytes, std::memory_order_relaxed);
  }

 private:
  static constexpr size_t kSliceSessions = 64;
  // Bounds what a pause adds to an event's latency. 1000 watchers on 2 shared cores: with 20 ms
  // events/s beat the old fan-out in each of four alternating sets; 5 ms batched as many events
  // per chunk but did not beat it (a shorter pause gives the CPU to other processes, not writes).
  static constexpr auto kMaxPause = std::chrono::milliseconds(20);
  // About one TLS record: past it, more events per chunk save little.
  static constexpr size_t kBatchBytes = 16 * 1024;
  enum class State { kIdle, kRunning, kPaused };
  void start_round_locked();
  void run_slice();

  net::io_context& io_;
  int max_slices_ = 1;
  std::optional<net::steady_timer> pause_;
  std::mutex mu_;
  State state_ = State::kIdle;
  uint64_t round_ = 0;                      // the running (or last) round
  std::chrono::steady_clock::time_point round_start_;
  std::deque<std::weak_ptr<Session>> ready_;  // this round's
  std::deque<std::weak_ptr<Session>> next_;   // pumped in this round already, or listed during a pause
  int slices_ = 0;  // slices posted or running
  // Chunks written, and their bytes, since the running round started.
  std::atomic<uint64_t> round_chunks_{0}, round_bytes_{0};
};

// The request handlers' threads: an io_context of their own, run by named threads (those of
// net::thread_pool cannot be named). join() lets the handlers already queued finish, as
// thread_pool::join() did.
class HandlerThreads {
 public:
  explicit HandlerThreads(int threads) : io_(threads), work_(net::make_work_guard(io_)) {
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back([this] {
        set_thread_name("kapi-handler");
        io_.run();
      });
    }
  }
  ~HandlerThreads() { join(); }
  net::io_context& context() { return io_; }
  void join() {
    work_.reset();
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }

 private:
  net::io_context io_;
  net::executor_work_guard<net::io_context::executor_type> work_;
  std::vector<std::thread> threads_;
};

// One connection, TLS with SSL_do_handshake/SSL_read/SSL_write straight on the non-blocking
// socket (socket_bio.h) for its whole life; Asio only waits for the socket and runs timers. Asio's
// TLS engine copied every record twice more (into a BIO pair, then out into its buffer) and took
// several handler hops per read and write: writing a create's answer through it and Beast's
// serializer was ~24% of the server's CPU per create, reading its request ~7%.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, SSL_CTX* tls, const Handler& handler, const AsyncHandler& async_handler,
          PendingAnswers& pending, net::io_context& handler_pool, FanOut& fan_out, const HttpServerOptions& options,
          LiveSessions& live)
      : socket_(std::move(socket)), ssl_(SSL_new(tls)), handler_(handler), async_handler_(async_handler),
        pending_(pending), handler_pool_(handler_pool), fan_out_(fan_out), max_body_(options.max_body_bytes),
        handshake_timeout_(options.handshake_timeout), guard_(socket_.get_executor()), timer_(socket_.get_executor()),
        deadline_timer_(socket_.get_executor()), live_(live) {
    live_.opened();
  }
  ~Session() {
    if (ssl_) SSL_free(ssl_);  // and the socket BIO with it; the socket closes the fd
    live_.closed();
  }

  // Server shutdown: a watch ends with its last chunk (a clean end of stream for the client),
  // anything else is closed.
  void shutdown() {
    net::post(socket_.get_executor(), [self = shared_from_this()] {
      self->shutting_down_ = true;
      if (self->stream_body_) self->pump();
      else self->close();
    });
  }

  // From a fan-out slice (a network thread) in `round`: pump on this session's strand, inline
  // when the strand is idle. Leaves the ready list first, so events notified from now on list
  // it again (for the next round).
  void pump_listed(uint64_t round) {
    pumped_in_.store(round, std::memory_order_relaxed);
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      self->listed_ = false;
      self->pump();
    });
  }

  void run() {
    beast::error_code ec;
    socket_.non_blocking(true, ec);
    BIO* bio = ssl_ && !ec ? base::new_socket_bio(socket_.native_handle()) : nullptr;
    if (!bio) return close();
    SSL_set_bio(ssl_, bio, bio);
    SSL_set_accept_state(ssl_);
    // SSL_write writes what fits and returns (partial writes), and its retry may pass the rest
    // from another buffer (see flush_direct). Read-ahead: one recv takes what the socket has,
    // not a header then a body.
    SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    // Record buffers: the first few connections keep theirs between requests (allocating and
    // freeing the two ~17 KiB buffers per request was ~10k instructions of a create's ~250k on
    // the network threads); beyond those, a connection frees them after each read and write,
    // so a thousand idle keep-alive clients hold none. A watch keeps them while busy
    // (start_stream).
    if (live_.count() > kBufferKeepingSessions) SSL_set_mode(ssl_, SSL_MODE_RELEASE_BUFFERS);
    SSL_set_read_ahead(ssl_, 1);
    expect_by(std::chrono::steady_clock::now() + handshake_timeout_);
    handshake();
  }

 private:
  void handshake() {
    ERR_clear_error();
    const int r = SSL_do_handshake(ssl_);
    if (r == 1) {
      user_ = peer_user();  // once: every request on the connection has the same
      return read_request();
    }
    if (!wait_for(r, [](Session& s) { s.handshake(); })) close();
  }

  std::optional<authn::UserInfo> peer_user() {
    if (SSL_get_verify_result(ssl_) != X509_V_OK) return std::nullopt;
    X509* cert = SSL_get1_peer_certificate(ssl_);
    if (!cert) return std::nullopt;
    auto user = authn::user_from_certificate(cert);
    X509_free(cert);
    return user;
  }

  // After an SSL call returned `result` (<= 0): waits for the socket as OpenSSL asks, then
  // calls next(*this). False if the connection failed instead.
  template <typename Next>
  bool wait_for(int result, Next next) {
    switch (SSL_get_error(ssl_, result)) {
      case SSL_ERROR_WANT_READ:
        when_socket(tcp::socket::wait_read, next);
        return true;
      case SSL_ERROR_WANT_WRITE:
        when_socket(tcp::socket::wait_write, next);
        return true;
      default:
        ERR_clear_error();
        return false;
    }
  }

  // Calls next(*this) once the socket is ready to `type`; a failed wait, or a session closed
  // meanwhile, ends the connection instead.
  template <typename Next>
  void when_socket(tcp::socket::wait_type type, Next next) {
    const int i = type == tcp::socket::wait_write ? 1 : 0;
    const uint64_t generation = ++wait_generation_[i];
    socket_.async_wait(type, [self = shared_from_this(), next, i, generation](beast::error_code ec) {
      if (self->wait_generation_[i] != generation) return;  // the check below went on already
      if (ec || self->closed_) return self->end_stream();
      next(*self);
    });
    // Asio's reactor is edge-triggered and queues a wait without trying the socket: readiness
    // that came after OpenSSL's recv or send found none, but before the wait was queued, went
    // to no one and would not come again (a client waiting for its answer sends nothing more).
    // The wait is queued now, so a later change wakes it; one that came before shows here.
    pollfd ready{socket_.native_handle(), static_cast<short>(i ? POLLOUT : POLLIN), 0};
    if (::poll(&ready, 1, 0) > 0) {
      ++wait_generation_[i];  // the queued wait, once it ends, does nothing
      net::post(socket_.get_executor(), [self = shared_from_this(), next] {
        if (!self->closed_) next(*self);
      });
    }
  }

  // The handshake's and each request's time limit. The timer is set once per connection and
  // re-armed only when it fires early (the limit moved on since): not one timer change, with
  // its locking and timerfd update, per request.
  void expect_by(std::chrono::steady_clock::time_point when) {
    reading_ = true;
    read_deadline_ = when;
    if (!guard_armed_) arm_guard();
  }

  void arm_guard() {
    guard_armed_ = true;
    guard_.expires_at(read_deadline_);
    guard_.async_wait([self = shared_from_this()](beast::error_code ec) {
      self->guard_armed_ = false;
      if (ec || self->closed_ || !self->reading_) return;
      if (std::chrono::steady_clock::now() >= self->read_deadline_) return self->close();
      self->arm_guard();
    });
  }

  void read_request() {
    parser_.emplace();
    parser_->eager(true);
    parser_->body_limit(max_body_);
    parser_->header_limit(64 * 1024);
    expect_by(std::chrono::steady_clock::now() + kReadTimeout);
    // Nothing read ahead (the common case after an answer: the client waits for it before it
    // sends the next request): wait for the socket now rather than after a recv that finds
    // nothing, one syscall fewer per request.
    if (buffer_.size() == 0 && !SSL_has_pending(ssl_))
      return when_socket(tcp::socket::wait_read, [](Session& s) { s.parse_request(); });
    parse_request();
  }

  // Parses what is buffered (a pipelined request may be whole already), then reads with
  // SSL_read until the request is.
  void parse_request() {
    for (;;) {
      if (buffer_.size() > 0) {
        beast::error_code ec;
        const size_t used = parser_->put(buffer_.data(), ec);
        buffer_.consume(used);
        if (ec && ec != http::error::need_more) return on_read(ec);
        if (parser_->is_done()) return on_read({});
        if (!ec && used > 0 && buffer_.size() > 0) continue;
      }
      ERR_clear_error();
      const auto space = buffer_.prepare(kReadBytes);
      const int n = SSL_read(ssl_, space.data(), static_cast<int>(space.size()));
      if (n > 0) {
        buffer_.commit(static_cast<size_t>(n));
        continue;
      }
      if (!wait_for(n, [](Session& s) { s.parse_request(); })) close();
      return;
    }
  }

  void on_read(beast::error_code ec) {
    reading_ = false;
    if (ec == http::error::body_limit) {
      Response r = status_response(registry::request_entity_too_large(
          "Request entity too large: limit is " + std::to_string(max_body_)));
      keep_alive_ = false;
      return write_response(std::move(r));
    }
    if (ec) return close();
    auto& msg = parser_->get();
    Request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    auto q = req.target.find('?');
    req.path = percent_decode(std::string_view(req.target).substr(0, q));
    if (q != std::string::npos) req.query = parse_query(std::string_view(req.target).substr(q + 1));
    for (const auto& field : msg) {
      std::string name(field.name_string());
      for (auto& c : name) c = char(std::tolower(uint8_t(c)));
      req.headers[name] = std::string(field.value());
    }
    req.body = std::move(msg.body());
    req.tls_user = user_;
    keep_alive_ = msg.keep_alive();
    if (async_handler_ && handle_async(req)) return;
    // Handled on the handler pool, answered back on this session's strand.
    net::post(handler_pool_, [self = shared_from_this(), req = std::move(req)]() mutable {
      Response resp;
      try {
        resp = self->handler_(req);
      } catch (const std::exception& e) {
        resp = status_response(registry::internal_error(e.what()));
      }
      self->answer(std::move(resp));
    });
  }

  // Offers `req` to the AsyncHandler here, on the network thread; false if it declines.
  bool handle_async(Request& req) {
    // Whichever comes first answers: the handler (from any thread) or an exception here.
    struct Answer {
      Answer(std::shared_ptr<Session> s, PendingAnswers& p) : session(std::move(s)), pending(p) { pending.add(); }
      ~Answer() {
        session.reset();  // before stop() may go on
        pending.done();
      }
      void send(Response resp) {
        if (!answered.exchange(true)) session->answer(std::move(resp));
      }
      std::shared_ptr<Session> session;
      PendingAnswers& pending;
      std::atomic<bool> answered{false};
    };
    auto answer = std::make_shared<Answer>(shared_from_this(), pending_);
    try {
      if (async_handler_(req, [answer](Response resp) { answer->send(std::move(resp)); })) return true;
    } catch (const std::exception& e) {
      answer->send(status_response(registry::internal_error(e.what())));
      return true;
    }
    answer->answered = true;  // declined: the pool answers
    return false;
  }

  // On this session's strand, whatever thread the answer comes from.
  void answer(Response resp) {
    net::post(socket_.get_executor(), [self = shared_from_this(), resp = std::move(resp)]() mutable {
      if (self->closed_) return;
      if (resp.stream) return self->start_stream(std::move(resp));
      self->write_response(std::move(resp));
    });
  }

  // Head and body as one buffer, one SSL_write per record; the next request is read after it.
  void write_response(const Response& resp) {
    std::string& out = thread_chunk();
    out.clear();
    append_response(out, resp, keep_alive_);
    write_direct(out.data(), out.size(), /*borrowed=*/true);
    if (out.capacity() > kKeptThreadChunkCapacity) std::string().swap(out);
  }

  // Watches: the head now, then one chunk per batch of events as they become ready: whatever
  // is ready when a write ends goes out in the next one.
  void start_stream(Response resp) {
    stream_body_ = std::move(resp.stream);
    buffer_ = beast::flat_buffer();  // nothing is read any more
    // Freeing the ~17 KiB record buffer after every write cost each chunk a malloc and a free
    // of it: a busy watch keeps it, and the idle tick frees it (release_idle_buffers).
    SSL_clear_mode(ssl_, SSL_MODE_RELEASE_BUFFERS);
    watch_peer();  // notices a client that goes away while the stream is idle
    // Runs on a writer's thread. A raw pointer is safe: the session's destructor cancels the
    // stream, which waits for a running callback and stops later ones. Not locking a weak_ptr
    // here also means a session is never destroyed on a writer's thread.
    Session* raw = this;
    stream_body_->set_notify([raw] {
      if (!raw->listed_.exchange(true))
        raw->fan_out_.ready(raw->weak_from_this(), raw->pumped_in_.load(std::memory_order_relaxed));
    });
    arm_tick();
    std::string& head = thread_chunk();
    head.clear();
    append_stream_head(head, resp);
    write_direct(head.data(), head.size(), /*borrowed=*/true);  // pumps once written
  }

  // Writes [data, data + size) with SSL_write, then goes on (wrote()) after waiting for the
  // socket if it was full. `borrowed`: the bytes are valid only until this returns (the
  // thread's chunk), so what the socket does not take now is first copied into the session's.
  void write_direct(const char* data, size_t size, bool borrowed) {
    out_ = data;
    out_left_ = size;
    out_borrowed_ = borrowed;
    writing_ = true;
    wrote_since_tick_ = true;
    flush_direct(false);
  }

  void flush_direct(bool waited) {
    BIO* wbio = SSL_get_wbio(ssl_);
    while (out_left_ > 0) {
      ERR_clear_error();
      // Each SSL_write writes one record (partial writes); while more follow, the socket holds
      // a partial segment for them (MSG_MORE): a 100 KiB chunk went out as seven pushes, each
      // waking the client for 16 KiB. The last record (or a retry of it) goes without.
      base::set_socket_bio_more(wbio, out_left_ > kMaxRecordBytes);
      const int n = SSL_write(ssl_, out_, static_cast<int>(std::min<size_t>(out_left_, 1 << 30)));
      base::set_socket_bio_more(wbio, false);
      if (n > 0) {
        out_ += n;
        out_left_ -= static_cast<size_t>(n);
        continue;
      }
      // The retry passes the same remaining bytes, as OpenSSL requires; from another address
      // is fine (SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER).
      if (out_borrowed_) {
        chunk_.assign(out_, out_left_);
        out_ = chunk_.data();
        out_borrowed_ = false;
      }
      if (wait_for(n, [](Session& s) { s.flush_direct(true); })) return;
      writing_ = false;
      return end_stream();
    }
    writing_ = false;
    out_borrowed_ = false;
    if (chunk_.capacity() > kKeptChunkCapacity) std::string().swap(chunk_);
    wrote(waited);
  }

  // All of a write went out.
  void wrote(bool waited) {
    if (!stream_body_) {
      if (!keep_alive_ || shutting_down_) return close();
      return read_request();
    }
    if (last_sent_) return end_stream();
    // Pump again: a watch is notified only when its queue turns non-empty, and a pump takes at
    // most a batch (WatchStream::poll), so a backlog left behind would otherwise wait for the
    // idle tick. Posted, not inline: events arriving meanwhile join the next chunk, and a long
    // backlog does not recurse. Not when the pump took everything and the stream goes on: the
    // next event notifies (a notify during the pump found the session unlisted and listed it),
    // and the pump that found nothing, once per chunk, was ~9k posts and wake-ups a second.
    if (waited) return pump();
    if (!pump_after_write_) return;
    net::post(socket_.get_executor(), [self = shared_from_this()] { self->pump(); });
  }

  // A watch client sends nothing more: its close_notify, FIN or reset ends the stream.
  void watch_peer() {
    when_socket(tcp::socket::wait_read, [](Session& s) { s.read_peer(); });
  }

  void read_peer() {
    for (;;) {
      ERR_clear_error();
      const int n = SSL_read(ssl_, peer_probe_, sizeof peer_probe_);
      if (n > 0) continue;  // anything a client sends on a watch is ignored
      if (!wait_for(n, [](Session& s) { s.read_peer(); })) end_stream();
      return;
    }
  }

  void arm_tick() {
    timer_.expires_after(kIdleTick);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->closed_) return;
      if (auto d = self->stream_body_->deadline(); d && std::chrono::steady_clock::now() >= *d)
        return self->finish_stream();
      self->stream_body_->tick();
      self->pump();
      self->release_idle_buffers();
      self->arm_tick();
    });
  }

  // A stream that wrote nothing for a whole tick gives its TLS buffers back, so a thousand
  // quiet watches do not hold ~17 MiB. SSL_free_buffers keeps a buffer that still has bytes (a
  // write waiting for the socket).
  void release_idle_buffers() {
    if (writing_) return;
    if (!wrote_since_tick_) (void)SSL_free_buffers(ssl_);
    wrote_since_tick_ = false;
  }

  void pump() {
    if (writing_ || closed_) return;
    if (shutting_down_) return finish_stream();
    const auto deadline = stream_body_->deadline();
    if (deadline && std::chrono::steady_clock::now() >= *deadline) return finish_stream();
    // Armed by the first pump: a busy watch may never have a pump that finds nothing.
    if (deadline && !deadline_armed_) arm_deadline(*deadline);
    // Writes finish (or keep what is left, see flush_direct) before the pump returns: the
    // thread's buffer will do.
    std::string& chunk = thread_chunk();
    chunk.assign(kChunkSizeRoom, ' ');  // keeps the buffer's capacity
    if (!stream_body_->append_ready(chunk)) {
      if (stream_body_->finished()) finish_stream();
      return;
    }
    pump_after_write_ = stream_body_->more_ready();
    const size_t start = put_chunk_size(chunk);
    chunk += "\r\n";
    fan_out_.wrote(chunk.size() - start);
    write_direct(chunk.data() + start, chunk.size() - start, /*borrowed=*/true);
    if (chunk.capacity() > kKeptThreadChunkCapacity) std::string().swap(chunk);
  }

  // A member timer, cancelled by close(): a timer of its own holding the session would keep a
  // closed watch (its TLS state and buffers, ~100 KiB) until timeoutSeconds passed, up to an hour.
  void arm_deadline(std::chrono::steady_clock::time_point when) {
    deadline_armed_ = true;
    deadline_timer_.expires_at(when);
    deadline_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec && !self->closed_) self->pump();
    });
  }

  void finish_stream() {
    if (closed_ || writing_) return;
    static constexpr char kLastChunk[] = "0\r\n\r\n";
    last_sent_ = true;
    write_direct(kLastChunk, sizeof kLastChunk - 1, /*borrowed=*/false);
  }

  void end_stream() {
    if (stream_body_) stream_body_->cancel();
    close();
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    guard_.cancel();
    timer_.cancel();
    deadline_timer_.cancel();
    if (stream_body_) stream_body_->cancel();
    // close_notify: a client reading to the end (a watch, an answer with Connection: close)
    // sees a clean end, not a truncation. One try, not waited for: a full socket drops it.
    if (ssl_ && SSL_is_init_finished(ssl_)) {
      ERR_clear_error();
      (void)SSL_shutdown(ssl_);
      ERR_clear_error();
    }
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  // SSL_read asks for this much: the most one record holds.
  static constexpr size_t kReadBytes = kMaxRecordBytes;
  // Connections that keep their record buffers between requests, at most (~34 KiB each).
  static constexpr int kBufferKeepingSessions = 64;

  tcp::socket socket_;  // non-blocking; its executor is the session's strand
  SSL* ssl_;
  const Handler& handler_;
  const AsyncHandler& async_handler_;
  PendingAnswers& pending_;
  net::io_context& handler_pool_;
  FanOut& fan_out_;
  std::atomic<bool> listed_{false};  // in fan_out_'s ready list
  std::atomic<uint64_t> pumped_in_{0};  // the fan-out round that last pumped it
  size_t max_body_;
  std::chrono::milliseconds handshake_timeout_;
  std::optional<authn::UserInfo> user_;  // from the client certificate, if verified
  beast::flat_buffer buffer_;  // read, not parsed yet: the rest of a request, or the next ones
  std::optional<http::request_parser<http::string_body>> parser_;
  bool keep_alive_ = true;
  std::shared_ptr<StreamBody> stream_body_;
  std::string chunk_;  // what the socket did not take of a borrowed write (see write_direct)
  net::steady_timer guard_;  // the handshake's and requests' time limit (expect_by)
  std::chrono::steady_clock::time_point read_deadline_;
  bool reading_ = false;      // in the handshake or reading a request: read_deadline_ applies
  bool guard_armed_ = false;
  net::steady_timer timer_;  // a watch's idle tick
  net::steady_timer deadline_timer_;
  uint64_t wait_generation_[2] = {0, 0};  // per wait type, see when_socket
  bool writing_ = false;
  bool last_sent_ = false;   // the last chunk is being written: end the stream after it
  bool pump_after_write_ = true;  // see wrote(); the head's write is followed by a pump
  const char* out_ = nullptr;  // what write_direct has still to write
  bool out_borrowed_ = false;  // out_ is in the thread's chunk (see write_direct)
  bool wrote_since_tick_ = false;  // see release_idle_buffers
  size_t out_left_ = 0;
  bool closed_ = false;
  bool deadline_armed_ = false;
  bool shutting_down_ = false;
  char peer_probe_[256];
  LiveSessions& live_;
};

void FanOut::ready(std::weak_ptr<Session> session, uint64_t pumped_in) {
  std::lock_guard lock(mu_);
  if (state_ == State::kPaused || (state_ == State::kRunning && pumped_in == round_)) {
    next_.push_back(std::move(session));
    return;
  }
  ready_.push_back(std::move(session));
  if (state_ == State::kIdle) return start_round_locked();
  // One slice per kSliceSessions waiting, up to max_slices_: pumps spread over the network
  // threads without queueing a handler per watcher.
  if (slices_ < max_slices_ && ready_.size() > kSliceSessions * static_cast<size_t>(slices_)) {
    ++slices_;
    net::post(io_, [this] { run_slice(); });
  }
}

void FanOut::start_round_locked() {
  state_ = State::kRunning;
  ++round_;
  round_start_ = std::chrono::steady_clock::now();
  round_chunks_.store(0, std::memory_order_relaxed);
  round_bytes_.store(0, std::memory_order_relaxed);
  slices_ = 1;
  net::post(io_, [this] { run_slice(); });
}

void FanOut::run_slice() {
  std::weak_ptr<Session> batch[kSliceSessions];
  size_t n = 0;
  uint64_t round;
  {
    std::lock_guard lock(mu_);
    round = round_;
    for (; n < kSliceSessions && !ready_.empty(); ++n) {
      batch[n] = std::move(ready_.front());
      ready_.pop_front();
    }
  }
  for (size_t i = 0; i < n; ++i)
    if (auto s = batch[i].lock()) s->pump_listed(round);
  std::lock_guard lock(mu_);
  // More waiting: go behind what was queued meanwhile (requests' reads and answers).
  if (!ready_.empty()) return net::post(io_, [this] { run_slice(); });
  if (--slices_ > 0) return;
  // The round is over.
  if (next_.empty()) {
    state_ = State::kIdle;
    return;
  }
  ready_.swap(next_);
  const uint64_t chunks = round_chunks_.load(std::memory_order_relaxed);
  if (chunks < kSliceSessions || round_bytes_.load(std::memory_order_relaxed) / chunks >= kBatchBytes)
    return start_round_locked();
  const auto took = std::chrono::steady_clock::now() - round_start_;
  state_ = State::kPaused;
  pause_->expires_after(std::min<std::chrono::steady_clock::duration>(took, kMaxPause));
  pause_->async_wait([this](beast::error_code ec) {
    if (ec) return;
    std::lock_guard lock(mu_);
    // Everything listed during the pause joins this round.
    ready_.insert(ready_.end(), std::make_move_iterator(next_.begin()), std::make_move_iterator(next_.end()));
    next_.clear();
    start_round_locked();
  });
}

}  // namespace

struct HttpServer::Impl {
  // Declared before `io`, so they outlive it: handlers still queued on the io_context when it is
  // destroyed own sessions, whose destructors count down live_sessions.
  HttpServerOptions options;
  Handler handler;
  AsyncHandler async_handler;
  PendingAnswers pending_answers;
  authn::VerifiedCertificates verified_clients;  // before `tls`, whose callback uses it
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> tls{SSL_CTX_new(TLS_server_method()), &SSL_CTX_free};
  std::atomic<bool> stopped{false};
  LiveSessions live_sessions;
  std::mutex sessions_mu;
  std::vector<std::weak_ptr<Session>> sessions;
  // Before `io`, so it outlives the sessions that handlers queued in `io` still own (a watch
  // may be notified until its session is destroyed). It only keeps the reference until then.
  FanOut fan_out{io};
  net::io_context io;
  std::unique_ptr<HandlerThreads> handler_pool;  // made in start(), joined in stop()
  // The acceptor lives on its own strand: accepting and closing never race.
  tcp::acceptor acceptor{net::make_strand(io)};
  std::vector<std::thread> threads;

  ~Impl() { fan_out.release(); }  // its timer, while `io` lives

  void track(const std::shared_ptr<Session>& session) {
    std::lock_guard lock(sessions_mu);
    std::erase_if(sessions, [](const auto& w) { return w.expired(); });
    sessions.push_back(session);
  }

  void accept() {
    acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (!acceptor.is_open()) return;
      } else {
        beast::error_code opt_ec;
        socket.set_option(tcp::no_delay(true), opt_ec);
        auto session = std::make_shared<Session>(std::move(socket), tls.get(), handler, async_handler, pending_answers,
                                                 handler_pool->context(), fan_out, options, live_sessions);
        track(session);
        session->run();
      }
      accept();
    });
  }
};

HttpServer::HttpServer(HttpServerOptions options, Handler handler, AsyncHandler async_handler)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  impl_->async_handler = std::move(async_handler);
  SSL_CTX* tls = impl_->tls.get();
  if (!tls) throw std::runtime_error("cannot make a TLS context");
  SSL_CTX_set_min_proto_version(tls, TLS1_2_VERSION);
  SSL_CTX_set_options(tls, SSL_OP_ALL | SSL_OP_NO_COMPRESSION);
  // No TLS 1.3 session tickets. kubectl and client-go keep no session cache, so nobody resumes,
  // and OpenSSL 3.0 makes each ticket by encoding and decoding the whole session, the client's
  // certificate with it: a third of a connection's handshake work (callgrind: 3.5M of 13.7M
  // instructions for a server's first handshake).
  SSL_CTX_set_num_tickets(tls, 0);
  const auto& o = impl_->options;
  if (o.cert && o.key) {
    use_credentials(o.cert, o.key, o.client_ca);
  } else if (!o.cert_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(tls, o.cert_file.c_str()) != 1)
      throw std::runtime_error("cannot use the serving certificate " + o.cert_file);
    if (SSL_CTX_use_PrivateKey_file(tls, o.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
      throw std::runtime_error("cannot use the serving key " + o.key_file);
    if (!o.client_ca_file.empty()) {
      if (SSL_CTX_load_verify_locations(tls, o.client_ca_file.c_str(), nullptr) != 1)
        throw std::runtime_error("cannot load the client CA " + o.client_ca_file);
      ask_for_client_certificates();
    }
  }
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->options.bind_address, ec);
  if (ec) throw std::runtime_error("invalid --bind-address " + impl_->options.bind_address);
  tcp::endpoint endpoint{address, impl_->options.port};
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol());
  acceptor.set_option(net::socket_base::reuse_address(true));
  acceptor.bind(endpoint, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + impl_->options.bind_address + ":" +
                             std::to_string(impl_->options.port) + ": " + ec.message());
  acceptor.listen(net::socket_base::max_listen_connections);
}

void HttpServer::use_credentials(const std::shared_ptr<X509>& cert, const std::shared_ptr<EVP_PKEY>& key,
                                 const std::shared_ptr<X509>& client_ca) {
  SSL_CTX* tls = impl_->tls.get();
  if (SSL_CTX_use_certificate(tls, cert.get()) != 1 || SSL_CTX_use_PrivateKey(tls, key.get()) != 1)
    throw std::runtime_error("cannot use the serving certificate and key");
  if (client_ca) {
    if (X509_STORE_add_cert(SSL_CTX_get_cert_store(tls), client_ca.get()) != 1)
      throw std::runtime_error("cannot trust the client CA certificate");
    ask_for_client_certificates();
  }
  // The chain sent to clients: the serving certificate, then the CA that issued it (as
  // kube-apiserver's self-signed files hold). Left unset, OpenSSL would rebuild it from the store
  // and check its signatures in every handshake (1.2M instructions of a server's ~6M).
  if (client_ca && X509_check_issued(client_ca.get(), cert.get()) == X509_V_OK &&
      SSL_CTX_add1_chain_cert(tls, client_ca.get()) != 1)
    throw std::runtime_error("cannot add the CA certificate to the serving chain");
}

void HttpServer::trust_client_certificate(X509* cert) { impl_->verified_clients.add(cert); }

// Ask for a client certificate but accept connections without one: bearer tokens and the
// unauthenticated health endpoints need them. A bad certificate is judged per request.
void HttpServer::ask_for_client_certificates() {
  SSL_CTX* tls = impl_->tls.get();
  SSL_CTX_set_verify(tls, SSL_VERIFY_PEER, [](int, X509_STORE_CTX*) { return 1; });
  SSL_CTX_set_cert_verify_callback(tls, &authn::VerifiedCertificates::verify, &impl_->verified_clients);
  SSL_CTX_set_session_id_context(tls, reinterpret_cast<const unsigned char*>("kapi"), 4);
}

HttpServer::~HttpServer() { stop(); }

uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::start() {
  impl_->handler_pool = std::make_unique<HandlerThreads>(std::max(1, impl_->options.handler_threads));
  // Half the network threads at most pump watches at once: the rest stay free for requests, so
  // writes keep their pace while watches fan out (measured on 2 cores, 1000 watchers: with four
  // slices at once writes fell to ~60/s and every watcher got one event per chunk).
  impl_->fan_out.start(std::max(1, impl_->options.threads / 2));
  net::post(impl_->acceptor.get_executor(), [this] { impl_->accept(); });
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i)
    impl_->threads.emplace_back([this] {
      set_thread_name("kapi-net");
      impl_->io.run();
    });
}

void HttpServer::stop() {
  if (impl_->stopped.exchange(true)) return;
  net::post(impl_->acceptor.get_executor(), [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
    std::lock_guard lock(impl_->sessions_mu);
    for (auto& weak : impl_->sessions)
      if (auto session = weak.lock()) session->shutdown();
  });
  // Give connections a moment to finish their last write (watches end with a final chunk).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (impl_->live_sessions.count() > 0 && !impl_->threads.empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  impl_->io.stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  // Handlers still running finish; their answers go nowhere (the network threads are gone).
  if (impl_->handler_pool) impl_->handler_pool->join();
  // So do writes still committing (moments: each waits for one group's fsync).
  impl_->pending_answers.wait_idle();
}

}  // namespace kapi::apiserver
