// One informer per resource, shared by every controller in the process (client-go's
// SharedInformerFactory): pods are listed and watched once however many controllers need them.
// Each informer carries the namespace, owner-uid and node-name indexes.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "client/informer.h"

namespace kapi::controllers {

class SharedInformers {
 public:
  explicit SharedInformers(client::ClientPtr client) : client_(std::move(client)) {}
  ~SharedInformers() { stop(); }

  // The informer for `resource`, made on first use; started at once if start() has been called.
  client::Informer& informer(const client::Resource& resource);

  void start();
  // Waits until every informer made so far has synced; false on timeout.
  bool wait_for_sync(std::chrono::milliseconds timeout);
  void stop();

 private:
  client::ClientPtr client_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<client::Informer>> informers_;
  bool started_ = false;
};

}  // namespace kapi::controllers
