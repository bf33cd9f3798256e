// The `kubectl get pods` columns, computed as upstream's printPod: READY counts ready containers
// (plus started sidecars), STATUS walks init containers then containers for the first reason,
// RESTARTS adds `(<age> ago)` of the latest restart.
#pragma once

#include "registry/table.h"

namespace kapi::registry::core {

TablePrinter pod_table_printer();

}  // namespace kapi::registry::core
