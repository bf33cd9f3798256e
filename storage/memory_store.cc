#include "storage/memory_store.h"

#include <deque>
#include <mutex>

#include "storage/errors.h"
#include "storage/list_reader.h"
#include "storage/live_map.h"
#include "storage/watch_hub.h"
#include "storage/write_value.h"

namespace kapi::storage {
namespace {

// State: the live keys and the event log, one event per revision from first_logged_ on.
// Everything is guarded by one mutex; writers publish to the hub while holding it, which keeps
// publishes in revision order.
class MemoryStore final : public Store, private EventSource {
 public:
  explicit MemoryStore(const MemoryStoreOptions& options)
      : hub_(WatchHub::create(this, 0, WatchHubOptions{options.watch_backlog, 1000})) {}
  ~MemoryStore() override { hub_->shutdown(); }

  Result<KeyValue> get(std::string_view key) override {
    std::lock_guard lock(mu_);
    auto it = live_.find(key);
    if (it == live_.end()) return not_found(key);
    return it->second;
  }

  Result<ListResult> list(std::string_view prefix, const ListOptions& options) override {
    std::lock_guard lock(mu_);
    View view(*this);
    return list_from_view(view, prefix, options);
  }

  Result<KeyValue> create(std::string_view key, WriteValue value) override {
    if (auto s = check_key(key); !s) return s.error();
    if (auto s = check_write_value(value); !s) return s.error();
    NotifyList notify;
    KeyValue out;
    {
      std::lock_guard lock(mu_);
      if (live_.count(key)) return already_exists(key);
      const Revision rev = current_ + 1;
      KeyValue kv{std::string(key), std::make_shared<const std::string>(splice_revision(value, rev)),
                  rev, rev};
      out = kv;
      notify = commit_locked(Event::Type::kPut, std::move(kv), std::nullopt);
    }
    notify.run();
    return out;
  }

  Result<KeyValue> update(std::string_view key, WriteValue value, Revision expected) override {
    if (auto s = check_key(key); !s) return s.error();
    if (auto s = check_write_value(value); !s) return s.error();
    NotifyList notify;
    KeyValue out;
    {
      std::lock_guard lock(mu_);
      auto it = live_.find(key);
      if (it == live_.end()) return not_found(key);
      const KeyValue& prev = it->second;
      if (expected != 0 && expected != prev.mod_revision) {
        return conflict(key, prev.mod_revision, expected);
      }
      const Revision rev = current_ + 1;
      KeyValue kv{prev.key, std::make_shared<const std::string>(splice_revision(value, rev)),
                  prev.create_revision, rev};
      out = kv;
      notify = commit_locked(Event::Type::kPut, std::move(kv), prev);
    }
    notify.run();
    return out;
  }

  Result<KeyValue> remove(std::string_view key, Revision expected,
                          std::optional<WriteValue> tombstone) override {
    if (auto s = check_key(key); !s) return s.error();
    if (tombstone) {
      if (auto s = check_write_value(*tombstone); !s) return s.error();
    }
    NotifyList notify;
    KeyValue out;
    {
      std::lock_guard lock(mu_);
      auto it = live_.find(key);
      if (it == live_.end()) return not_found(key);
      const KeyValue& prev = it->second;
      if (expected != 0 && expected != prev.mod_revision) {
        return conflict(key, prev.mod_revision, expected);
      }
      const Revision rev = current_ + 1;
      Bytes final_value = tombstone ? std::make_shared<const std::string>(
                                          splice_revision(*tombstone, rev))
                                    : prev.value;
      KeyValue kv{prev.key, std::move(final_value), prev.create_revision, rev};
      out = kv;
      notify = commit_locked(Event::Type::kDelete, std::move(kv), prev);
    }
    notify.run();
    return out;
  }

  Result<WatchPtr> watch(std::string_view prefix, const WatchOptions& options) override {
    std::lock_guard lock(mu_);
    if (options.after < 0) return invalid("negative watch revision");
    if (options.after > current_) return future_revision(options.after, current_);
    const Revision after = options.after == 0 ? current_ : options.after;
    if (after + 1 < compacted_) return compacted(after + 1, compacted_);
    return hub_->add(prefix, after);
  }

  Status compact(Revision revision) override {
    std::lock_guard lock(mu_);
    if (revision > current_) return future_revision(revision, current_);
    if (revision <= compacted_) return Ok{};
    while (first_logged_ < revision && !log_.empty()) {
      log_.pop_front();
      ++first_logged_;
    }
    compacted_ = revision;
    return Ok{};
  }

  Revision current_revision() const override {
    std::lock_guard lock(mu_);
    return current_;
  }
  Revision compacted_revision() const override {
    std::lock_guard lock(mu_);
    return compacted_;
  }

 private:
  // A view of the state under mu_ (held by the caller).
  class View final : public ReadView {
   public:
    explicit View(MemoryStore& store) : s_(store) {}
    Revision revision() const override { return s_.current_; }
    Revision compacted() const override { return s_.compacted_; }
    Status scan_live(std::string_view prefix, std::string_view after,
                     const std::function<bool(KeyValue&&)>& fn) override {
      scan_live_map(s_.live_, prefix, after, fn);
      return Ok{};
    }
    Status scan_events(std::string_view prefix, Revision after, Revision upto,
                       const std::function<void(const Event&)>& fn) override {
      if (after + 1 < s_.compacted_) return storage::compacted(after + 1, s_.compacted_);
      for (Revision r = after + 1; r <= upto; ++r) {
        const Event& e = *s_.log_[static_cast<size_t>(r - s_.first_logged_)];
        if (has_prefix(e.kv.key, prefix)) fn(e);
      }
      return Ok{};
    }

   private:
    MemoryStore& s_;
  };

  Result<Batch> read_events(std::string_view prefix, Revision after, Revision upto,
                            size_t max) override {
    std::lock_guard lock(mu_);
    if (after + 1 < compacted_) return compacted(after + 1, compacted_);
    Batch batch;
    batch.scanned_upto = after;
    for (Revision r = after + 1; r <= upto && r <= current_; ++r) {
      const EventPtr& e = log_[static_cast<size_t>(r - first_logged_)];
      if (has_prefix(e->kv.key, prefix)) {
        if (batch.events.size() == max) break;
        batch.events.push_back(e);
      }
      batch.scanned_upto = r;
    }
    return batch;
  }

  NotifyList commit_locked(Event::Type type, KeyValue kv, std::optional<KeyValue> prev) {
    const Revision rev = kv.mod_revision;
    if (type == Event::Type::kPut) {
      live_.insert_or_assign(kv.key, kv);
    } else {
      live_.erase(kv.key);
    }
    auto event = std::make_shared<Event>();
    event->type = type;
    event->kv = std::move(kv);
    event->prev = std::move(prev);
    log_.push_back(event);
    current_ = rev;
    return hub_->publish({std::move(event)});
  }

  mutable std::mutex mu_;
  LiveMap live_;
  std::deque<EventPtr> log_;
  Revision first_logged_ = 1;  // revision of log_.front()
  Revision current_ = 0;
  Revision compacted_ = 0;
  std::shared_ptr<WatchHub> hub_;
};

}  // namespace

StorePtr make_memory_store() { return make_memory_store(MemoryStoreOptions{}); }

StorePtr make_memory_store(const MemoryStoreOptions& options) {
  return std::make_shared<MemoryStore>(options);
}

}  // namespace kapi::storage
