#include "client/handler_listener.h"

namespace kapi::client {

HandlerListener::HandlerListener(EventHandlers handlers)
    : handlers_(std::move(handlers)), thread_([this] { run(); }) {}

HandlerListener::~HandlerListener() {
  stop();
  if (thread_.joinable()) thread_.join();
}

void HandlerListener::added(ObjectPtr obj) { push({Notification::Type::kAdd, nullptr, std::move(obj)}); }
void HandlerListener::updated(ObjectPtr old_obj, ObjectPtr new_obj) {
  push({Notification::Type::kUpdate, std::move(old_obj), std::move(new_obj)});
}
void HandlerListener::deleted(ObjectPtr obj) { push({Notification::Type::kDelete, nullptr, std::move(obj)}); }

void HandlerListener::push(Notification n) {
  std::lock_guard lock(mu_);
  if (stopped_) return;
  pending_.push_back(std::move(n));
  cv_.notify_one();
}

void HandlerListener::stop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  pending_.clear();
  cv_.notify_all();
}

void HandlerListener::run() {
  while (true) {
    Notification n;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopped_ || !pending_.empty(); });
      if (stopped_) return;
      n = std::move(pending_.front());
      pending_.pop_front();
    }
    switch (n.type) {
      case Notification::Type::kAdd:
        if (handlers_.on_add) handlers_.on_add(n.obj);
        break;
      case Notification::Type::kUpdate:
        if (handlers_.on_update) handlers_.on_update(n.old_obj, n.obj);
        break;
      case Notification::Type::kDelete:
        if (handlers_.on_delete) handlers_.on_delete(n.obj);
        break;
    }
  }
}

}  // namespace kapi::client
