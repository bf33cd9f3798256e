#include "apiserver/request_metrics.h"

#include <algorithm>

#include "apiserver/negotiation.h"
#include "metrics/registry.h"

namespace kapi::apiserver {

namespace {

// The families, registered once per process (metrics/registry.h).
struct Families {
  prometheus::Family<prometheus::Counter>& total = prometheus::BuildCounter()
      .Name("apiserver_request_total")
      .Help("Counter of apiserver requests broken out for each verb, dry run value, group, version, "
            "resource, scope, component, and HTTP response code.")
      .Register(metrics::registry());
  prometheus::Family<prometheus::Histogram>& duration = prometheus::BuildHistogram()
      .Name("apiserver_request_duration_seconds")
      .Help("Response latency distribution in seconds for each verb, dry run value, group, version, "
            "resource, subresource, scope and component.")
      .Register(metrics::registry());
  prometheus::Family<prometheus::Gauge>& inflight = prometheus::BuildGauge()
      .Name("apiserver_current_inflight_requests")
      .Help("Number of requests being served now, per request kind (watches only while set up).")
      .Register(metrics::registry());
  prometheus::Family<prometheus::Gauge>& watchers = prometheus::BuildGauge()
      .Name("apiserver_registered_watchers")
      .Help("Number of currently registered watchers for a given resources")
      .Register(metrics::registry());
  prometheus::Family<prometheus::Counter>& watch_events = prometheus::BuildCounter()
      .Name("apiserver_watch_events_total")
      .Help("Number of events sent in watch clients")
      .Register(metrics::registry());
  prometheus::Family<prometheus::Counter>& watch_chunks = prometheus::BuildCounter()
      .Name("kapi_watch_chunks_total")
      .Help("Number of writes (HTTP chunks) that carried watch events to clients; "
            "apiserver_watch_events_total over this is the events per chunk")
      .Register(metrics::registry());
  prometheus::Family<prometheus::Histogram>& watch_sizes = prometheus::BuildHistogram()
      .Name("apiserver_watch_events_sizes")
      .Help("Watch event size distribution in bytes")
      .Register(metrics::registry());
};

Families& families() {
  static Families instance;
  return instance;
}

// Upstream's request latency buckets (seconds).
const prometheus::Histogram::BucketBoundaries kDurationBuckets = {
    0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60};

// The label values a route is indexed by; the index of each in its array is its slot number.
constexpr std::array<const char*, 8> kVerbs = {"GET", "LIST", "WATCH", "POST", "PUT", "PATCH", "APPLY", "DELETE"};
constexpr std::array<const char*, 3> kScopes = {"resource", "namespace", "cluster"};
constexpr std::array<const char*, 3> kDryRuns = {"", "All", "invalid"};

// Upstream's CleanScope.
int scope_index(const RequestInfo& info) {
  if (!info.name.empty() || info.verb == "create") return 0;
  if (!info.ns.empty()) return 1;
  return 2;
}

// Upstream's CanonicalVerb + cleanVerb: GET of a collection is LIST, watches are WATCH,
// server-side apply is APPLY. -1: a method upstream does not count per resource.
int verb_index(const Request& req, const RequestInfo& info, int scope) {
  if (info.verb == "watch") return 2;
  const std::string& m = req.method;
  if (m == "GET" || m == "HEAD") return scope == 0 ? 0 : 1;
  if (m == "POST") return 3;
  if (m == "PUT") return 4;
  if (m == "PATCH") return media_type(req.header("content-type")) == "application/apply-patch+yaml" ? 6 : 5;
  if (m == "DELETE") return 7;
  return -1;
}

// Upstream's cleanDryRun: the dryRun values, "invalid" if any is not All.
int dry_run_index(const Request& req) {
  auto it = req.query.find("dryRun");
  if (it == req.query.end() || it->second.empty()) return 0;
  return it->second == "All" ? 1 : 2;
}

}  // namespace

const prometheus::Histogram::BucketBoundaries& WatchSeries::size_buckets() {
  static const auto buckets = metrics::exponential_buckets(1024, 2, 8);  // 1 KiB to 128 KiB
  return buckets;
}

RequestRoute::RequestRoute(prometheus::Family<prometheus::Counter>& totals, prometheus::Labels labels,
                           prometheus::Histogram& duration)
    : totals_(totals), labels_(std::move(labels)), duration_(duration) {}

prometheus::Counter& RequestRoute::total_for(int code) {
  auto common = std::find(kCommonCodes.begin(), kCommonCodes.end(), code);
  auto with_code = [&] {
    prometheus::Labels labels = labels_;
    labels.emplace("code", std::to_string(code));
    return &totals_.Add(labels);  // the family returns the same series for the same labels
  };
  if (common != kCommonCodes.end()) {
    auto& slot = common_[static_cast<size_t>(common - kCommonCodes.begin())];
    prometheus::Counter* counter = slot.load(std::memory_order_acquire);
    if (!counter) {
      counter = with_code();
      slot.store(counter, std::memory_order_release);
    }
    return *counter;
  }
  std::lock_guard lock(rare_mu_);
  auto [it, added] = rare_.emplace(code, nullptr);
  if (added) it->second = with_code();
  return *it->second;
}

RequestRoute::Series RequestRoute::series(int code) { return {total_for(code), duration_}; }

void RequestRoute::Series::record(std::chrono::steady_clock::duration elapsed) const {
  total.Increment();
  duration.Observe(std::chrono::duration<double>(elapsed).count());
}

struct RequestMetrics::ResourceRoutes {
  const registry::ResourceInfo* info = nullptr;
  std::unique_ptr<WatchSeries> watch;
  size_t subresource_slots = 1;  // "" and each subresource of the resource
  std::unique_ptr<std::atomic<RequestRoute*>[]> slots;
  std::vector<std::unique_ptr<RequestRoute>> owned;  // guarded by create_mu_
};

RequestMetrics::RequestMetrics(const registry::Registry& registry) {
  auto& f = families();
  for (const auto& store : registry.all()) {
    const auto& info = store->info();
    auto routes = std::make_unique<ResourceRoutes>();
    routes->info = &info;
    const prometheus::Labels gvk{{"group", info.group}, {"version", info.version}, {"kind", info.kind}};
    routes->watch.reset(new WatchSeries{f.watchers.Add(gvk), f.watch_events.Add(gvk),
                                        f.watch_sizes.Add(gvk, WatchSeries::size_buckets()),
                                        f.watch_chunks.Add(gvk)});
    routes->subresource_slots = info.subresources.size() + 1;
    const size_t n = kVerbs.size() * kScopes.size() * kDryRuns.size() * routes->subresource_slots;
    routes->slots = std::make_unique<std::atomic<RequestRoute*>[]>(n);
    resources_.emplace(store.get(), std::move(routes));
  }
}

RequestMetrics::~RequestMetrics() = default;

RequestMetrics::ResourceRoutes* RequestMetrics::find(const registry::GenericStore& store) const {
  auto it = resources_.find(&store);
  return it == resources_.end() ? nullptr : it->second.get();
}

RequestRoute* RequestMetrics::route(const registry::GenericStore& store, const Request& req,
                                    const RequestInfo& info) const {
  ResourceRoutes* routes = find(store);
  if (!routes) return nullptr;
  const int scope = scope_index(info);
  const int verb = verb_index(req, info, scope);
  if (verb < 0) return nullptr;
  const int dry_run = dry_run_index(req);
  size_t subresource = 0;
  if (!info.subresource.empty()) {
    const auto& subs = routes->info->subresources;
    auto it = std::find(subs.begin(), subs.end(), info.subresource);
    if (it == subs.end()) return nullptr;
    subresource = static_cast<size_t>(it - subs.begin()) + 1;
  }
  const size_t slot =
      ((static_cast<size_t>(verb) * kScopes.size() + static_cast<size_t>(scope)) * kDryRuns.size() +
       static_cast<size_t>(dry_run)) * routes->subresource_slots + subresource;
  if (RequestRoute* route = routes->slots[slot].load(std::memory_order_acquire)) return route;

  // First use of this route: resolve its series once.
  std::lock_guard lock(create_mu_);
  if (RequestRoute* route = routes->slots[slot].load(std::memory_order_acquire)) return route;
  const auto& r = *routes->info;
  prometheus::Labels labels{{"verb", kVerbs[static_cast<size_t>(verb)]},
                            {"dry_run", kDryRuns[static_cast<size_t>(dry_run)]},
                            {"group", r.group},
                            {"version", r.version},
                            {"resource", r.plural},
                            {"subresource", info.subresource},
                            {"scope", kScopes[static_cast<size_t>(scope)]},
                            {"component", "apiserver"}};
  auto& duration = families().duration.Add(labels, kDurationBuckets);
  routes->owned.push_back(std::make_unique<RequestRoute>(families().total, std::move(labels), duration));
  RequestRoute* route = routes->owned.back().get();
  routes->slots[slot].store(route, std::memory_order_release);
  return route;
}

WatchSeries* RequestMetrics::watch_series(const registry::GenericStore& store) const {
  ResourceRoutes* routes = find(store);
  return routes ? routes->watch.get() : nullptr;
}

prometheus::Gauge& RequestMetrics::inflight(bool mutating) {
  static prometheus::Gauge& read_only = families().inflight.Add({{"request_kind", "readOnly"}});
  static prometheus::Gauge& mutating_requests = families().inflight.Add({{"request_kind", "mutating"}});
  return mutating ? mutating_requests : read_only;
}

}  // namespace kapi::apiserver
