/* ld-core.h — everything of the GTK-free core: include this one header */
#pragma once

#include "ld-error.h"
#include "ld-json.h"
#include "ld-rights.h"
#include "ld-validate.h"

#include "ld-account.h"
#include "ld-action.h"
#include "ld-call.h"
#include "ld-card.h"
#include "ld-config.h"
#include "ld-favorite-change.h"
#include "ld-favorite.h"
#include "ld-member.h"
#include "ld-message.h"
#include "ld-model-json.h"
#include "ld-operation.h"
#include "ld-operator.h"
#include "ld-outbox-item.h"
#include "ld-page.h"
#include "ld-product.h"
#include "ld-purchase.h"
#include "ld-status.h"
#include "ld-subscription.h"

#include "ld-client.h"
#include "ld-credential-store.h"
