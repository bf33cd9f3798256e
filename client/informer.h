// An informer (client-go's SharedIndexInformer): one list+watch of a resource feeding a local
// cache and any number of handlers.
//
// Contract:
// - The cache is eventually consistent with the server. It starts empty; has_synced() turns true
//   once the first complete list is in it, and stays true.
// - Each object's states reach the cache and every handler as an ordered subsequence of its real
//   states (intermediate ones may be skipped, e.g. across a re-list); there is no order across
//   objects.
// - Cached objects are shared and read-only: copy before changing anything.
// - Each handler has its own buffer (HandlerListener), drained by the process's shared handler
//   threads (HandlerPool): a slow handler never stalls the watch, and stalls other handlers only
//   while it holds every pool thread (at least 2). Handlers should be quick, typically
//   enqueueing "namespace/name" to a WorkQueue, and must not wait for another handler. A
//   handler added after the first list gets an add for every cached object.
// - Watches resume from the last revision seen (objects' resourceVersion and bookmarks). When the
//   server says that revision is gone (410 Expired, or any ERROR event), the informer lists
//   again and tells handlers what changed meanwhile: adds, updates (resourceVersion differs) and
//   deletes (with the last cached state) for objects that vanished.
// - Failed lists and watches are retried with backoff (100 ms doubling to 30 s).
// - stop() (or the destructor) ends the watch, joins the informer's thread and stops handlers:
//   pending notifications are dropped, a handler call in progress finishes first. Never call it from a handler. The client must
//   outlive the informer.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "client/client.h"
#include "client/handler_listener.h"
#include "client/object_cache.h"

namespace kapi::client {

struct InformerOptions {
  Resource resource;
  std::string ns;                 // "" for all namespaces
  std::string label_selector;
  std::string field_selector;
  int64_t page_size = 500;        // items per list request (limit/continue)
  // Cache apiVersion, kind and metadata only (less managedFields) when the client can answer so
  // (ListOptions::metadata_only): for handlers that read nothing else, as upstream's metadata
  // informers of the garbage collector.
  bool metadata_only = false;
  // A sparse cache, for handlers that act on few of the objects (the garbage collector's
  // metadata informers): only objects `keep` holds for are cached and reported as added or
  // updated; one that stops being kept is reported once more, as updated, and leaves the cache.
  // Every delete is reported (with the event's final state when the object was not cached),
  // but an object never cached that vanishes while the informer is not watching goes
  // unreported: a relist hook (add_relist_hook) lets a handler look again at what it needs.
  std::function<bool(const json& obj)> keep;
  // With `keep`: false only for an object's JSON text that `keep` could not hold for once
  // parsed (e.g. the text names none of the fields it reads), so a watcher that sees the text
  // first skips parsing added and modified objects nobody wants (while none is cached).
  std::function<bool(std::string_view text)> may_keep_text;
};

class Informer {
 public:
  Informer(ClientPtr client, InformerOptions options);
  ~Informer();
  Informer(const Informer&) = delete;
  Informer& operator=(const Informer&) = delete;

  // Before or after start(): files cached objects too.
  void add_index(const std::string& name, IndexFunc func) { cache_.add_index(name, std::move(func)); }
  void add_handlers(EventHandlers handlers);
  // Called on the informer's thread after each list but the first, i.e. after the watch lost
  // its revision and the difference was reported (see InformerOptions::keep for what a sparse
  // informer cannot report).
  void add_relist_hook(std::function<void()> hook);

  void start();
  void stop();

  bool has_synced() const { return synced_.load(); }
  // Waits until synced or stopped; false if stopped (or the timeout passed) first.
  bool wait_for_sync(std::chrono::milliseconds timeout);

  const ObjectCache& cache() const { return cache_; }
  const InformerOptions& options() const { return options_; }
  // Asks for whole objects: granted (true) before start(), or when they already are; a running
  // metadata-only informer keeps its shape (false).
  bool want_whole_objects();
  // The revision the cache reflects ("" before the first list).
  std::string resource_version() const;
  // How many complete lists have been taken (1 after the first sync; more after re-lists).
  uint64_t list_count() const { return lists_.load(); }

 private:
  enum class WatchEnd { kClosed, kExpired, kStopped };
  void run();
  bool list_and_replace();
  WatchEnd watch_once();
  void apply(WatchEvent event);  // by value: the object moves into the cache, not copied
  void set_resource_version(const json& obj);
  bool wait_backoff(std::chrono::milliseconds& delay);
  // A watch may skip an added or modified object's text: not wanted, nothing cached, and every
  // event let through before it applied already (else it might be about a cached object).
  bool may_skip(std::string_view text);
  bool stopped() const;

  ClientPtr client_;
  InformerOptions options_;
  ObjectCache cache_;

  // Held while the cache changes and the change is handed to listeners, and while a new
  // listener is given the cache's content: every listener sees each change exactly once.
  std::mutex distribute_mu_;
  std::vector<std::unique_ptr<HandlerListener>> listeners_;
  // Added and modified events the current watch let through, and how many of them were
  // applied; only the informer's thread touches them.
  uint64_t let_through_ = 0;
  uint64_t applied_ = 0;

  mutable std::mutex mu_;           // guards the fields below
  std::condition_variable cv_;
  bool started_ = false;
  bool stopped_ = false;
  Watcher* current_watcher_ = nullptr;  // owned by run(); stopped by stop()
  std::string resource_version_;
  std::vector<std::function<void()>> relist_hooks_;

  std::atomic<bool> synced_{false};
  std::atomic<uint64_t> lists_{0};
  std::thread thread_;
};
using InformerPtr = std::unique_ptr<Informer>;

}  // namespace kapi::client
