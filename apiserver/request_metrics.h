// Upstream's request and watch series (k8s.io/apiserver's endpoints/metrics), with its labels:
//   apiserver_request_total{verb,dry_run,group,version,resource,subresource,scope,component,code}
//   apiserver_request_duration_seconds{verb,dry_run,group,version,resource,subresource,scope,component}
//   apiserver_current_inflight_requests{request_kind}
//   apiserver_registered_watchers / apiserver_watch_events_total / apiserver_watch_events_sizes
//     {group,version,kind}
//
// Cheap on the hot path: a request finds its resource by pointer in a table built once, then its
// route (verb, scope, dry run, subresource) by index; a route's series are resolved the first
// time it is used and then read through atomics, so no label string is built after that.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "apiserver/http_types.h"
#include "apiserver/request_info.h"
#include "registry/registry.h"

namespace kapi::apiserver {

// The watch series of one resource kind, shared by all its watches.
struct WatchSeries {
  prometheus::Gauge& registered;    // apiserver_registered_watchers
  prometheus::Counter& events;      // apiserver_watch_events_total
  prometheus::Histogram& sizes;     // apiserver_watch_events_sizes
  prometheus::Counter& chunks;      // kapi_watch_chunks_total: writes that carried events
  // Upstream's buckets, for callers that pre-aggregate a batch (Histogram::ObserveMultiple).
  static const prometheus::Histogram::BucketBoundaries& size_buckets();
};

// The series of one route: a resource with a verb, scope, dry run value and subresource.
class RequestRoute {
 public:
  RequestRoute(prometheus::Family<prometheus::Counter>& totals, prometheus::Labels labels,
               prometheus::Histogram& duration);
  // The series a request answered with `code` records into. They live in the process-wide
  // registry, so a long request (a watch) may keep them after its handler is gone.
  struct Series {
    prometheus::Counter& total;
    prometheus::Histogram& duration;
    void record(std::chrono::steady_clock::duration elapsed) const;
  };
  Series series(int code);

 private:
  prometheus::Counter& total_for(int code);

  prometheus::Family<prometheus::Counter>& totals_;
  const prometheus::Labels labels_;  // without code
  prometheus::Histogram& duration_;
  static constexpr std::array<int, 19> kCommonCodes = {200, 201, 202, 204, 400, 401, 403, 404, 405, 406,
                                                       409, 410, 413, 415, 422, 429, 500, 503, 504};
  std::array<std::atomic<prometheus::Counter*>, kCommonCodes.size()> common_{};
  std::mutex rare_mu_;
  std::map<int, prometheus::Counter*> rare_;
};

class RequestMetrics {
 public:
  explicit RequestMetrics(const registry::Registry& registry);
  ~RequestMetrics();
  RequestMetrics(const RequestMetrics&) = delete;
  RequestMetrics& operator=(const RequestMetrics&) = delete;

  // The route of a request to `store`; nullptr when it is not one upstream counts (an unknown
  // subresource or method).
  RequestRoute* route(const registry::GenericStore& store, const Request& req, const RequestInfo& info) const;
  // The watch series of `store`'s kind (never null for a store of the registry).
  WatchSeries* watch_series(const registry::GenericStore& store) const;

  // apiserver_current_inflight_requests{request_kind="readOnly"|"mutating"}: requests being
  // served now; watches count only while they are being set up, as upstream's long-running ones.
  static prometheus::Gauge& inflight(bool mutating);

 private:
  struct ResourceRoutes;
  ResourceRoutes* find(const registry::GenericStore& store) const;

  std::unordered_map<const registry::GenericStore*, std::unique_ptr<ResourceRoutes>> resources_;
  mutable std::mutex create_mu_;  // only taken the first time a route is used
};

}  // namespace kapi::apiserver
