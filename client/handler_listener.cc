#include "client/handler_listener.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace kapi::client {

namespace {
// Notifications one drain delivers before it lets other listeners' drains run: a busy listener
// cannot keep a pool thread to itself, and a burst still costs one task per batch, not per event.
constexpr int kDrainBatch = 32;
}  // namespace

struct HandlerListener::State : std::enable_shared_from_this<State> {
  struct Notification {
    enum class Type { kAdd, kUpdate, kDelete };
    Type type = Type::kAdd;
    ObjectPtr old_obj, obj;
  };

  State(EventHandlers h, HandlerPool& p) : handlers(std::move(h)), pool(p) {}

  void push(Notification n);
  void drain();
  void deliver(const Notification& n);
  void stop();

  EventHandlers handlers;  // called without mu, by the one drain running
  HandlerPool& pool;
  std::mutex mu;
  std::condition_variable call_ended;
  std::deque<Notification> pending;
  bool stopped = false;
  bool scheduled = false;   // a drain is queued or running: at most one per listener
  std::thread::id calling;  // the thread inside a handler call, if any
};

HandlerListener::HandlerListener(EventHandlers handlers, HandlerPool& pool)
    : on_add_(bool(handlers.on_add)),
      on_update_(bool(handlers.on_update)),
      on_delete_(bool(handlers.on_delete)),
      add_filter_(std::move(handlers.add_filter)),
      state_(std::make_shared<State>(std::move(handlers), pool)) {}

HandlerListener::~HandlerListener() {
  stop();
  // No handler call is running now and a queued drain will make none, so the handlers (and
  // what they captured) go here, not whenever the pool gets to that drain. Unless this is a
  // handler destroying its own listener: then they go with the state, after it returns.
  EventHandlers doomed;  // destroyed after the lock is released
  std::lock_guard lock(state_->mu);
  if (state_->calling == std::this_thread::get_id()) return;
  doomed.on_add.swap(state_->handlers.on_add);
  doomed.on_update.swap(state_->handlers.on_update);
  doomed.on_delete.swap(state_->handlers.on_delete);
}

void HandlerListener::added(ObjectPtr obj) {
  if (!on_add_ || (add_filter_ && !add_filter_(*obj))) return;
  state_->push({State::Notification::Type::kAdd, nullptr, std::move(obj)});
}
void HandlerListener::updated(ObjectPtr old_obj, ObjectPtr new_obj) {
  if (!on_update_) return;
  state_->push({State::Notification::Type::kUpdate, std::move(old_obj), std::move(new_obj)});
}
void HandlerListener::deleted(ObjectPtr obj) {
  if (!on_delete_) return;
  state_->push({State::Notification::Type::kDelete, nullptr, std::move(obj)});
}
void HandlerListener::stop() { state_->stop(); }

void HandlerListener::State::push(Notification n) {
  {
    std::lock_guard lock(mu);
    if (stopped) return;
    pending.push_back(std::move(n));
    if (scheduled) return;  // the drain queued or running will get to it
    scheduled = true;
  }
  pool.post([self = shared_from_this()] { self->drain(); });
}

void HandlerListener::State::stop() {
  std::deque<Notification> dropped;
  {
    std::lock_guard lock(mu);
    stopped = true;
    dropped.swap(pending);
  }
  dropped.clear();  // their objects are released now, without the lock, not after the wait
  const auto me = std::this_thread::get_id();
  std::unique_lock lock(mu);
  call_ended.wait(lock, [&] { return calling == std::thread::id() || calling == me; });
}

void HandlerListener::State::drain() {
  std::unique_lock lock(mu);
  for (int i = 0; i < kDrainBatch; ++i) {
    if (stopped || pending.empty()) {
      scheduled = false;
      return;
    }
    Notification n = std::move(pending.front());
    pending.pop_front();
    calling = std::this_thread::get_id();
    lock.unlock();
    deliver(n);
    n = {};  // the objects are released without the lock
    lock.lock();
    calling = std::thread::id();
    call_ended.notify_all();
  }
  if (stopped || pending.empty()) {
    scheduled = false;
    return;
  }
  lock.unlock();
  pool.post([self = shared_from_this()] { self->drain(); });  // still scheduled: ours again
}

void HandlerListener::State::deliver(const Notification& n) {
  switch (n.type) {
    case Notification::Type::kAdd:
      if (handlers.on_add) handlers.on_add(n.obj);
      break;
    case Notification::Type::kUpdate:
      if (handlers.on_update) handlers.on_update(n.old_obj, n.obj);
      break;
    case Notification::Type::kDelete:
      if (handlers.on_delete) handlers.on_delete(n.obj);
      break;
  }
}

}  // namespace kapi::client
