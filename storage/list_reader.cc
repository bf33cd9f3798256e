#include "storage/list_reader.h"

#include <map>
#include <optional>
#include <string>

#include "storage/errors.h"

namespace kapi::storage {
namespace {

// Collects items up to the limit, then only counts what follows.
class PageBuilder {
 public:
  explicit PageBuilder(int64_t limit) : limit_(limit) {}

  void add(KeyValue&& kv) {
    if (limit_ == 0 || static_cast<int64_t>(result_.items.size()) < limit_) {
      result_.items.push_back(std::move(kv));
    } else {
      result_.more = true;
      ++result_.remaining;
    }
  }

  ListResult finish(Revision revision) && {
    result_.revision = revision;
    return std::move(result_);
  }

 private:
  int64_t limit_;
  ListResult result_;
};

// Values each key written after `at` had at `at`; nullopt: the key did not exist then.
using Overlay = std::map<std::string, std::optional<KeyValue>, std::less<>>;

Result<Overlay> undo_log(ReadView& view, std::string_view prefix, std::string_view after_key,
                         Revision at) {
  Overlay overlay;
  Status scanned = view.scan_events(prefix, at, view.revision(), [&](const Event& event) {
    if (event.kv.key <= after_key) return;
    // Only the first event after `at` knows the value at `at`: later ones are ignored.
    overlay.try_emplace(event.kv.key, event.prev);
  });
  if (!scanned) return scanned.error();
  return overlay;
}

}  // namespace

Result<ListResult> list_from_view(ReadView& view, std::string_view prefix,
                                  const ListOptions& options) {
  if (options.limit < 0) return invalid("negative limit");
  const Revision latest = view.revision();
  const Revision at = options.revision == 0 ? latest : options.revision;
  if (at < 0) return invalid("negative revision");
  if (at > latest) return future_revision(at, latest);
  if (at < view.compacted()) return compacted(at, view.compacted());

  Overlay overlay;
  if (at < latest) {
    auto undone = undo_log(view, prefix, options.start_after, at);
    if (!undone) return undone.error();
    overlay = std::move(*undone);
  }

  PageBuilder page(options.limit);
  auto next_overlay = overlay.begin();
  // Emits overlay entries with keys below `bound` (all of them when bound is null).
  auto drain_overlay_below = [&](const std::string* bound) {
    for (; next_overlay != overlay.end() && (!bound || next_overlay->first < *bound);
         ++next_overlay) {
      if (next_overlay->second) page.add(KeyValue(*next_overlay->second));
    }
  };

  Status scanned = view.scan_live(prefix, options.start_after, [&](KeyValue&& live) {
    drain_overlay_below(&live.key);
    if (next_overlay != overlay.end() && next_overlay->first == live.key) {
      // Written after `at`: its value at `at` replaces the live one.
      if (next_overlay->second) page.add(KeyValue(*next_overlay->second));
      ++next_overlay;
    } else {
      page.add(std::move(live));
    }
    return true;
  });
  if (!scanned) return scanned.error();
  drain_overlay_below(nullptr);
  return std::move(page).finish(at);
}

}  // namespace kapi::storage
