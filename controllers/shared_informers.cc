#include "controllers/shared_informers.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string_view>
#include <vector>

namespace kapi::controllers {

namespace {

// What the garbage collector acts on: objects with owners, finalizers or a deletion under way.
// The other user of metadata informers, the namespace controller, hears only deletes, which a
// sparse informer reports for every object.
bool gc_relevant(const client::json& obj) {
  auto meta = obj.find("metadata");
  if (meta == obj.end() || !meta->is_object()) return false;
  for (const char* field : {"ownerReferences", "finalizers", "deletionTimestamp"}) {
    auto it = meta->find(field);
    if (it != meta->end() && !it->is_null() && !(it->is_array() && it->empty())) return true;
  }
  return false;
}

}  // namespace

// One pass over the text, 16 bytes at a time: a candidate is a quote followed by the first two
// letters of a field name ("ow", "fi", "de") or a backslash followed by 'u'; candidates are
// then compared whole. glibc's memmem, once per name, cost ~10k instructions per configmap.
bool may_name_gc_fields(std::string_view text) {
  static constexpr std::string_view kNames[] = {"\"ownerReferences\"", "\"finalizers\"", "\"deletionTimestamp\""};
  auto names_one_at = [&text](size_t i) {
    if (text[i] == '\\') return i + 1 < text.size() && text[i + 1] == 'u';
    if (text[i] != '"') return false;
    for (std::string_view name : kNames)
      if (text.compare(i, name.size(), name) == 0) return true;
    return false;
  };
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), u = _mm_set1_epi8('u');
  const __m128i o = _mm_set1_epi8('o'), w = _mm_set1_epi8('w'), f = _mm_set1_epi8('f');
  const __m128i lower_i = _mm_set1_epi8('i'), d = _mm_set1_epi8('d'), e = _mm_set1_epi8('e');
  for (; i + 18 <= text.size(); i += 16) {
    const char* at = text.data() + i;
    __m128i c0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    __m128i c1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + 1));
    __m128i c2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + 2));
    __m128i two = _mm_or_si128(
        _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(c1, o), _mm_cmpeq_epi8(c2, w)),
                     _mm_and_si128(_mm_cmpeq_epi8(c1, f), _mm_cmpeq_epi8(c2, lower_i))),
        _mm_and_si128(_mm_cmpeq_epi8(c1, d), _mm_cmpeq_epi8(c2, e)));
    __m128i hit = _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(c0, quote), two),
                               _mm_and_si128(_mm_cmpeq_epi8(c0, backslash), _mm_cmpeq_epi8(c1, u)));
    for (unsigned mask = unsigned(_mm_movemask_epi8(hit)); mask != 0; mask &= mask - 1)
      if (names_one_at(i + size_t(__builtin_ctz(mask)))) return true;
  }
#endif
  for (; i < text.size(); ++i)
    if (names_one_at(i)) return true;
  return false;
}

client::Informer& SharedInformers::informer(const client::Resource& resource) {
  std::lock_guard lock(mu_);
  auto& slot = informers_[resource.to_string()];
  if (slot && slot->want_whole_objects()) return *slot;
  if (slot) metadata_only_running_.push_back(std::move(slot));
  return make_locked(resource, false);
}

client::Informer& SharedInformers::metadata_informer(const client::Resource& resource) {
  std::lock_guard lock(mu_);
  if (auto it = informers_.find(resource.to_string()); it != informers_.end()) return *it->second;
  return make_locked(resource, true);
}

client::Informer& SharedInformers::make_locked(const client::Resource& resource, bool metadata_only) {
  auto& slot = informers_[resource.to_string()];
  client::InformerOptions options;
  options.resource = resource;
  options.metadata_only = metadata_only;
  if (metadata_only) {
    // Metadata informers serve the garbage collector and the namespace controller only: a
    // sparse cache (InformerOptions::keep), dropped if whole objects are asked for before start.
    options.keep = gc_relevant;
    options.may_keep_text = may_name_gc_fields;
  }
  slot = std::make_unique<client::Informer>(client_, options);
  slot->add_index(client::kNamespaceIndex, client::index_by_namespace);
  slot->add_index(client::kOwnerUidIndex, client::index_by_owner_uid);
  slot->add_index(client::kNodeNameIndex, client::index_by_node_name);
  if (started_) slot->start();
  return *slot;
}

void SharedInformers::start() {
  std::lock_guard lock(mu_);
  started_ = true;
  for (auto& [_, informer] : informers_) informer->start();
}

bool SharedInformers::wait_for_sync(std::chrono::milliseconds timeout) {
  std::vector<client::Informer*> all;
  {
    std::lock_guard lock(mu_);
    for (auto& [_, informer] : informers_) all.push_back(informer.get());
    for (auto& informer : metadata_only_running_) all.push_back(informer.get());
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (auto* informer : all) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!informer->wait_for_sync(std::max(left, std::chrono::milliseconds(0)))) return false;
  }
  return true;
}

void SharedInformers::stop() {
  std::lock_guard lock(mu_);
  for (auto& [_, informer] : informers_) informer->stop();
  for (auto& informer : metadata_only_running_) informer->stop();
}

}  // namespace kapi::controllers
