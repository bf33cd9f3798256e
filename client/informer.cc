#include "client/informer.h"

#include <unordered_set>

#include "base/thread_name.h"
#include "registry/object_meta.h"

namespace kapi::client {

namespace {
constexpr std::chrono::milliseconds kInitialBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{30000};
}  // namespace

Informer::Informer(ClientPtr client, InformerOptions options)
    : client_(std::move(client)), options_(std::move(options)) {}

Informer::~Informer() { stop(); }

void Informer::add_handlers(EventHandlers handlers) {
  auto listener = std::make_unique<HandlerListener>(std::move(handlers));
  std::lock_guard lock(distribute_mu_);
  for (const auto& obj : cache_.list()) listener->added(obj);
  listeners_.push_back(std::move(listener));
}

void Informer::add_relist_hook(std::function<void()> hook) {
  std::lock_guard lock(mu_);
  relist_hooks_.push_back(std::move(hook));
}

bool Informer::want_whole_objects() {
  std::lock_guard lock(mu_);
  if (!started_) {  // run() reads options_ only once started
    options_.metadata_only = false;
    // Whoever wants whole objects wants all of them.
    options_.keep = nullptr;
    options_.may_keep_text = nullptr;
  }
  return !options_.metadata_only && !options_.keep;
}

void Informer::start() {
  std::lock_guard lock(mu_);
  if (started_ || stopped_) return;
  started_ = true;
  thread_ = std::thread([this] {
    set_thread_name("kapi-informer");
    run();
  });
}

void Informer::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    if (current_watcher_) current_watcher_->stop();
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(distribute_mu_);
  for (auto& listener : listeners_) listener->stop();
  listeners_.clear();
}

bool Informer::stopped() const {
  std::lock_guard lock(mu_);
  return stopped_;
}

bool Informer::wait_for_sync(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [this] { return synced_.load() || stopped_; });
  return synced_.load() && !stopped_;
}

std::string Informer::resource_version() const {
  std::lock_guard lock(mu_);
  return resource_version_;
}

void Informer::set_resource_version(const json& obj) {
  std::string rv = registry::meta_string(obj, "resourceVersion");
  if (rv.empty()) return;
  std::lock_guard lock(mu_);
  resource_version_ = std::move(rv);
}

// Sleeps `delay` (or until stopped), then doubles it. False when stopped.
bool Informer::wait_backoff(std::chrono::milliseconds& delay) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, delay, [this] { return stopped_; });
  delay = std::min(delay * 2, kMaxBackoff);
  return !stopped_;
}

void Informer::run() {
  auto backoff = kInitialBackoff;
  while (!stopped()) {
    if (!list_and_replace()) {
      if (!wait_backoff(backoff)) return;
      continue;
    }
    backoff = kInitialBackoff;
    // Watch from the list's revision; a closed watch resumes from the last revision seen, an
    // expired one (or a watch that cannot be opened) goes back to listing.
    while (true) {
      WatchEnd end = watch_once();
      if (end == WatchEnd::kStopped) return;
      if (end == WatchEnd::kExpired) break;
    }
  }
}

bool Informer::list_and_replace() {
  ListOptions options;
  options.label_selector = options_.label_selector;
  options.field_selector = options_.field_selector;
  options.limit = options_.page_size;
  options.metadata_only = options_.metadata_only;
  std::vector<ObjectPtr> objects;
  std::string revision;
  // Pages after the first read the first page's snapshot, so together they are one list.
  do {
    auto page = client_->list(options_.resource, options_.ns, options);
    if (!page.ok()) return false;
    if (revision.empty()) revision = page->resource_version;
    for (auto& item : page->items) objects.push_back(std::make_shared<const json>(std::move(item)));
    options.continue_token = page->continue_token;
    if (stopped()) return false;
  } while (!options.continue_token.empty());

  {
    std::lock_guard lock(distribute_mu_);
    std::unordered_set<std::string> listed;
    std::vector<ObjectPtr> kept;
    for (const auto& obj : objects) {
      std::string key = object_key(*obj);
      listed.insert(key);
      ObjectPtr old = cache_.get(key);
      bool keep = !options_.keep || options_.keep(*obj);
      if (keep) kept.push_back(obj);
      else if (!old) continue;  // neither wanted now nor before: nobody hears of it
      for (auto& listener : listeners_) {
        if (!old) listener->added(obj);
        else if (registry::meta_string(*old, "resourceVersion") != registry::meta_string(*obj, "resourceVersion"))
          listener->updated(old, obj);
      }
    }
    for (const auto& old : cache_.list()) {
      if (listed.count(object_key(*old))) continue;
      for (auto& listener : listeners_) listener->deleted(old);
    }
    cache_.replace(std::move(kept));
  }
  {
    std::lock_guard lock(mu_);
    resource_version_ = revision;
    synced_ = true;
    cv_.notify_all();
  }
  if (++lists_ > 1) {
    std::vector<std::function<void()>> hooks;
    {
      std::lock_guard lock(mu_);
      hooks = relist_hooks_;
    }
    for (auto& hook : hooks) hook();
  }
  return true;
}

Informer::WatchEnd Informer::watch_once() {
  WatchOptions options;
  options.label_selector = options_.label_selector;
  options.field_selector = options_.field_selector;
  options.resource_version = resource_version();
  options.allow_bookmarks = true;
  options.metadata_only = options_.metadata_only;
  if (options_.keep && options_.may_keep_text)
    options.skip_object = [this](std::string_view text) { return may_skip(text); };
  // A new watch: nothing it lets through is pending yet.
  let_through_ = applied_ = 0;
  auto opened = client_->watch(options_.resource, options_.ns, options);
  if (!opened.ok()) {
    auto backoff = kInitialBackoff;
    if (!wait_backoff(backoff)) return WatchEnd::kStopped;
    return WatchEnd::kExpired;
  }
  WatcherPtr watcher = std::move(opened.value());
  {
    std::lock_guard lock(mu_);
    if (stopped_) return WatchEnd::kStopped;
    current_watcher_ = watcher.get();
  }
  WatchEnd end = WatchEnd::kClosed;
  bool any_event = false;
  while (auto event = watcher->next()) {
    any_event = true;
    if (event->type == WatchEvent::Type::kError) {
      end = WatchEnd::kExpired;
      break;
    }
    apply(std::move(*event));
  }
  {
    std::lock_guard lock(mu_);
    current_watcher_ = nullptr;
    if (stopped_) return WatchEnd::kStopped;
  }
  // A server that keeps closing watches at once is not hammered.
  if (end == WatchEnd::kClosed && !any_event) {
    auto pause = kInitialBackoff;
    if (!wait_backoff(pause)) return WatchEnd::kStopped;
  }
  return end;
}

bool Informer::may_skip(std::string_view text) {
  if (!options_.may_keep_text(text) && let_through_ == applied_ && cache_.size() == 0) return true;
  ++let_through_;
  return false;
}

void Informer::apply(WatchEvent event) {
  set_resource_version(event.object);
  if (event.type == WatchEvent::Type::kBookmark) return;
  auto obj = std::make_shared<const json>(std::move(event.object));
  std::lock_guard lock(distribute_mu_);
  if (event.type == WatchEvent::Type::kDeleted) {
    ObjectPtr old = cache_.remove(object_key(*obj));
    for (auto& listener : listeners_) listener->deleted(obj);  // its final state
    return;
  }
  ++applied_;
  ObjectPtr old;
  if (!options_.keep || options_.keep(*obj)) {
    old = cache_.put(obj);
  } else {
    old = cache_.remove(object_key(*obj));
    if (!old) return;  // neither wanted now nor before: nobody hears of it
  }
  for (auto& listener : listeners_) {
    if (old) listener->updated(old, obj);
    else listener->added(obj);
  }
}

}  // namespace kapi::client
