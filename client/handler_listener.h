// One informer handler with its own buffer and thread (client-go's processorListener): the
// informer only appends to the buffer, so a slow handler delays neither the watch nor the other
// handlers. Notifications reach a handler in the order they were added.
//
// The buffer is unbounded, as upstream's: handlers are expected to be quick (enqueue a key).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "client/object_cache.h"

namespace kapi::client {

// Any of these may be empty. `on_delete` gets the object's final state (from the DELETED event,
// or the last cached one when a re-list finds it gone).
struct EventHandlers {
  std::function<void(const ObjectPtr& obj)> on_add;
  std::function<void(const ObjectPtr& old_obj, const ObjectPtr& new_obj)> on_update;
  std::function<void(const ObjectPtr& obj)> on_delete;
};

class HandlerListener {
 public:
  explicit HandlerListener(EventHandlers handlers);
  ~HandlerListener();  // stops: pending notifications are dropped, a running handler finishes
  HandlerListener(const HandlerListener&) = delete;
  HandlerListener& operator=(const HandlerListener&) = delete;

  void added(ObjectPtr obj);
  void updated(ObjectPtr old_obj, ObjectPtr new_obj);
  void deleted(ObjectPtr obj);
  void stop();

 private:
  struct Notification {
    enum class Type { kAdd, kUpdate, kDelete };
    Type type = Type::kAdd;
    ObjectPtr old_obj, obj;
  };
  void push(Notification n);
  void run();

  EventHandlers handlers_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Notification> pending_;
  bool stopped_ = false;
  std::thread thread_;  // last: starts once the rest is ready
};

}  // namespace kapi::client
