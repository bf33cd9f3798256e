// One informer handler with its own buffer (client-go's processorListener): the informer only
// appends to the buffer, so a slow handler never delays the watch. Notifications reach a
// handler in the order they were added, one call at a time.
//
// The buffer is drained by a HandlerPool's shared threads, not by a thread of its own (upstream
// has a goroutine per listener; a thread per listener cost kapi 67 threads). While notifications
// are pending, exactly one drain task of the listener is queued or running on the pool; it
// delivers up to a batch of them, then queues itself again behind the other listeners' drains.
// What this changes against a thread per listener: a slow handler holds one of the pool's
// threads while it runs, so it stalls the other listeners only when every pool thread is held
// (the shared pool has at least 2); handlers must not wait for another handler to run.
//
// The buffer is unbounded, as upstream's: handlers are expected to be quick (enqueue a key).
#pragma once

#include <functional>
#include <memory>

#include "client/handler_pool.h"
#include "client/object_cache.h"

namespace kapi::client {

// Any of these may be empty (its notifications are then not even queued). `on_delete` gets the
// object's final state (from the DELETED event, or the last cached one when a re-list finds it
// gone).
struct EventHandlers {
  std::function<void(const ObjectPtr& obj)> on_add;
  std::function<void(const ObjectPtr& old_obj, const ObjectPtr& new_obj)> on_update;
  std::function<void(const ObjectPtr& obj)> on_delete;
  // Optional: whether an add is worth queueing, asked on the informer's thread before it is
  // queued. For handlers that act on few of the objects added (the garbage collector: objects
  // with owners): the others' adds then cost no queueing and no handler-thread wake-up, once per
  // object the informer sees. Must be quick, read only the object, never block.
  std::function<bool(const json& obj)> add_filter = nullptr;
};

class HandlerListener {
 public:
  // `pool` must outlive the listener.
  explicit HandlerListener(EventHandlers handlers, HandlerPool& pool = HandlerPool::shared());
  // Stops, then destroys the handlers. A drain still queued on the pool finds the listener
  // stopped and does nothing (it shares the state, not the listener).
  ~HandlerListener();
  HandlerListener(const HandlerListener&) = delete;
  HandlerListener& operator=(const HandlerListener&) = delete;

  void added(ObjectPtr obj);
  void updated(ObjectPtr old_obj, ObjectPtr new_obj);
  void deleted(ObjectPtr obj);
  // Pending notifications are dropped and later ones ignored; returns once a handler call in
  // progress has returned (unless called from that handler: it cannot wait for itself).
  void stop();

 private:
  struct State;
  // Which handlers are set: the informer's thread skips the others' notifications (no queueing,
  // no drain task), e.g. the adds and updates of every object to a listener of deletes only.
  const bool on_add_, on_update_, on_delete_;
  const std::function<bool(const json& obj)> add_filter_;  // only the informer's thread calls it
  std::shared_ptr<State> state_;  // shared with the drain task queued on the pool, if any
};

}  // namespace kapi::client
