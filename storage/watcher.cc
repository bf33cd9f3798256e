#include "storage/watcher.h"

#include <algorithm>

#include "storage/watch_hub.h"

namespace kapi::storage {
namespace {
// Taken spans leave a hole at the front of the queue; it is closed once it is this large and
// at least half the queue, so a consumer taking a few at a time does not cost a copy each time.
constexpr size_t kCompactHeadAt = 4096;
}  // namespace

Watcher::Watcher(std::string prefix, Revision after, size_t backlog,
                 std::shared_ptr<const std::atomic<Revision>> published,
                 std::weak_ptr<WatchHub> hub)
    : prefix_(std::move(prefix)),
      backlog_(backlog),
      published_(std::move(published)),
      hub_(std::move(hub)),
      after_(after),
      cursor_(after) {}

bool Watcher::deliver(const EventBatch& batch, bool& ended) {
  const auto& events = *batch;
  std::lock_guard lock(mu_);
  ended = end_ != WatchEnd::kNone;
  if (ended) return false;
  // A watch may start ahead of what was published (it asked for a revision a reader had
  // already seen): skip what it did not ask for.
  // (Nearly always the whole batch: one test, not one per event.)
  size_t first = 0;
  if (!events.empty() && events.front()->revision() <= after_) {
    first = static_cast<size_t>(
        std::find_if(events.begin(), events.end(),
                     [&](const EventPtr& e) { return e->revision() > after_; }) -
        events.begin());
  }
  const size_t count = events.size() - first;
  if (count == 0) return false;
  if (queued_ + count > backlog_) {
    ended = true;
    return finish_locked(WatchEnd::kTooSlow);
  }
  const bool was_empty = queued_ == 0;
  push_locked({batch, first, events.size()});
  if (waiters_ > 0) ready_.notify_all();
  return was_empty;
}

bool Watcher::deliver_history(std::vector<EventPtr>&& events, Revision scanned_upto) {
  const size_t count = events.size();
  // Built outside the lock; one watcher's history is a batch of its own.
  auto batch = count > 0 ? std::make_shared<const std::vector<EventPtr>>(std::move(events)) : nullptr;
  std::lock_guard lock(mu_);
  if (end_ != WatchEnd::kNone) return false;
  const bool was_empty = queued_ == 0;
  if (batch) push_locked({std::move(batch), 0, count});
  cursor_ = std::max(cursor_, scanned_upto);
  if (count > 0 && waiters_ > 0) ready_.notify_all();
  return was_empty && count > 0;
}

void Watcher::push_locked(EventSpan span) {
  queued_ += span.size();
  queue_.push_back(std::move(span));
}

bool Watcher::try_promote(Revision published) {
  std::lock_guard lock(mu_);
  if (end_ != WatchEnd::kNone || synced_ || cursor_ < published) return false;
  synced_ = true;
  after_ = std::max(after_, cursor_);
  return true;
}

bool Watcher::finish(WatchEnd reason) {
  std::lock_guard lock(mu_);
  return finish_locked(reason);
}

bool Watcher::finish_locked(WatchEnd reason) {
  if (end_ != WatchEnd::kNone) return false;
  end_progress_ = synced_ ? std::max(after_, published_->load()) : cursor_;
  end_ = reason;
  ready_.notify_all();
  return true;
}

void Watcher::notify() {
  std::lock_guard lock(callback_mu_);
  if (callbacks_off_ || !callback_) return;
  // A copy: the callback may replace itself through set_notify while it runs.
  auto callback = callback_;
  callback();
}

Revision Watcher::cursor() const {
  std::lock_guard lock(mu_);
  return cursor_;
}

size_t Watcher::room() const {
  std::lock_guard lock(mu_);
  if (end_ != WatchEnd::kNone) return 0;
  return backlog_ > queued_locked() ? backlog_ - queued_locked() : 0;
}

bool Watcher::ended() const {
  std::lock_guard lock(mu_);
  return end_ != WatchEnd::kNone;
}

void Watcher::take_locked(std::vector<EventSpan>& out, size_t max) {
  out.clear();
  if (max == 0 || queued_ == 0) return;
  if (head_ == 0 && max >= queued_) {
    // The common case: take everything without copying. The queue gets `out`'s emptied buffer,
    // so a consumer reusing its vector makes the two trade buffers instead of allocating.
    out.swap(queue_);
    queued_ = 0;
    return;
  }
  size_t left = std::min(max, queued_);
  queued_ -= left;
  while (left > 0) {
    EventSpan& span = queue_[head_];
    if (span.size() <= left) {
      left -= span.size();
      out.push_back(std::move(span));
      ++head_;
    } else {  // the rest of this span stays queued
      out.push_back({span.batch, span.begin, span.begin + left});
      span.begin += left;
      left = 0;
    }
  }
  if (head_ == queue_.size()) {
    queue_.clear();
    head_ = 0;
  } else if (head_ >= kCompactHeadAt && head_ * 2 >= queue_.size()) {
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
}

bool Watcher::take(std::vector<EventSpan>& out, size_t max) {
  std::lock_guard lock(mu_);
  take_locked(out, max);
  return !out.empty() && !synced_ && end_ == WatchEnd::kNone;
}

namespace {
// Copies the spans' events out (one reference each): for consumers that want plain events.
void flatten(const std::vector<EventSpan>& spans, std::vector<EventPtr>& out) {
  out.clear();
  size_t n = 0;
  for (const auto& span : spans) n += span.size();
  out.reserve(n);
  for (const auto& span : spans) {
    auto events = span.events();
    out.insert(out.end(), events.begin(), events.end());
  }
}
}  // namespace

std::vector<EventPtr> Watcher::poll(size_t max) {
  std::vector<EventPtr> out;
  poll_into(out, max);
  return out;
}

void Watcher::poll_into(std::vector<EventPtr>& out, size_t max) {
  std::vector<EventSpan> spans;
  poll_spans(spans, max);
  flatten(spans, out);
}

void Watcher::poll_spans(std::vector<EventSpan>& out, size_t max) {
  // Room was made: the sync loop may read more history for this watcher.
  if (take(out, max)) {
    if (auto hub = hub_.lock()) hub->wake_sync();
  }
}

std::vector<EventPtr> Watcher::wait(std::chrono::milliseconds timeout, size_t max) {
  std::vector<EventSpan> spans;
  bool catching_up;
  {
    std::unique_lock lock(mu_);
    ++waiters_;
    ready_.wait_for(lock, timeout,
                    [&] { return queued_locked() > 0 || end_ != WatchEnd::kNone; });
    --waiters_;
    take_locked(spans, max);
    catching_up = !synced_ && end_ == WatchEnd::kNone;
  }
  if (catching_up && !spans.empty()) {
    if (auto hub = hub_.lock()) hub->wake_sync();
  }
  std::vector<EventPtr> out;
  flatten(spans, out);
  return out;
}

void Watcher::set_notify(std::function<void()> notify) {
  std::lock_guard callback_lock(callback_mu_);
  if (callbacks_off_) return;
  callback_ = std::move(notify);
  bool ready;
  {
    std::lock_guard lock(mu_);
    ready = queued_locked() > 0 || end_ != WatchEnd::kNone;
  }
  if (ready && callback_) {
    auto callback = callback_;
    callback();
  }
}

Revision Watcher::progress() const {
  std::lock_guard lock(mu_);
  if (end_ != WatchEnd::kNone) return end_progress_;
  if (synced_) return std::max(after_, published_->load());
  return cursor_;
}

WatchEnd Watcher::end() const {
  std::lock_guard lock(mu_);
  return end_;
}

void Watcher::cancel() {
  finish(WatchEnd::kCancelled);
  if (auto hub = hub_.lock()) hub->remove(this);
  // Waits for a callback running on another thread; re-enters if called from the callback.
  std::lock_guard callback_lock(callback_mu_);
  callbacks_off_ = true;
  callback_ = nullptr;
}

}  // namespace kapi::storage
