// Serves /api and /apis resource requests: decodes the request, calls the resource's
// GenericStore, and encodes the answer (JSON, YAML or Table; watches as streams).
#pragma once

#include "apiserver/http_types.h"
#include "apiserver/negotiation.h"
#include "apiserver/request_info.h"
#include "apiserver/request_metrics.h"
#include "registry/registry.h"

namespace kapi::apiserver {

class ResourceHandler {
 public:
  explicit ResourceHandler(const registry::Registry& registry) : registry_(registry), metrics_(registry) {}
  // Serves the request and records it in apiserver_request_total/_duration_seconds (a watch
  // when its stream ends).
  Response handle(const Request& req, const RequestInfo& info) const;
  // handle() for the requests it answers without blocking (creates: see AsyncHandler);
  // false for all others, and for those the route refuses (handle() answers them).
  bool handle_async(const Request& req, const RequestInfo& info, const Respond& respond) const;

 private:
  using Store = registry::GenericStore;
  Response serve(const Store& store, const Request& req, const RequestInfo& info) const;
  // The checks of the path and Accept header before any verb; the representation to answer in.
  registry::ApiResult<Negotiated> check_route(const Store& store, const Request& req, const RequestInfo& info) const;
  Response get(const Store& store, const Request& req, const RequestInfo& info, const Negotiated& out) const;
  Response list(const Store& store, const Request& req, const RequestInfo& info, const Negotiated& out) const;
  Response watch(const Store& store, const Request& req, const RequestInfo& info, const Negotiated& out) const;
  Response create(const Store& store, const Request& req, const RequestInfo& info, const Negotiated& out) const;
  // Answers through `respond`: at once if refused before the store, else from the commit.
  void create(const Store& store, const Request& req, const RequestInfo& info, const Negotiated& out,
              Respond respond) const;
  Response update(const Store& store, const Request& req, const RequestInfo& info, const Negotiated& out) const;
  Response patch(const Store& store, const Request& req, const RequestInfo& info, const Negotiated& out) const;
  Response remove(const Store& store, const Request& req, const RequestInfo& info, const Negotiated& out) const;
  Response delete_collection(const Store& store, const Request& req, const RequestInfo& info,
                             const Negotiated& out) const;
  Response scale(const Store& store, const Request& req, const RequestInfo& info, const Negotiated& out) const;
  Response bind(const Store& store, const Request& req, const RequestInfo& info, const Negotiated& out) const;
  Response evict(const Store& store, const Request& req, const RequestInfo& info, const Negotiated& out) const;
  Response no_runtime(const Store& store, const RequestInfo& info) const;

  const registry::Registry& registry_;
  RequestMetrics metrics_;
};

// A Status error as a response.
Response error_response(const registry::ApiError& error);

}  // namespace kapi::apiserver
