/* ld-server-preferences.c — what a member receives and likes: the subscriptions grid and
 * the favorite products (PUT /members/{id}/subscriptions, PUT /members/{id}/favorites)
 *
 * The body's shape is checked here (422 naming the member); every rule that reads the
 * configuration or the catalogue (a mailing type or channel it has, the favorites offer on,
 * its maximum, an active product) is the storage's, in the transaction that writes, so a
 * PUT /config cannot come between the check and the change. Each refusal has its code and
 * a message for the agent; the answer is what the matching GET answers.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-server-private.h"
#include "ld-storage.h"

/* a grid is mailing types × channels of the configuration: far below this */
#define MAX_SUBSCRIPTION_ITEMS 1000
/* favorites.max is at most 1000 (ld-server-config.c) */
#define MAX_FAVORITE_IDS 1000

/* a write's answer: 200 with @answer, or the refusal @outcome (or @error) says */
static void
respond_preference (LdRequest                  *request,
                    JsonObject                 *answer,
                    const LdPreferenceOutcome  *outcome,
                    const GError               *error)
{
  if (answer != NULL)
    {
      ld_request_respond_object (request, 200, answer);
      return;
    }

  switch (outcome->refusal)
    {
    case LD_PREFERENCE_UNKNOWN_MAILING_TYPE:
    case LD_PREFERENCE_UNKNOWN_CHANNEL:
      {
        gboolean is_type = outcome->refusal == LD_PREFERENCE_UNKNOWN_MAILING_TYPE;
        JsonObject *details = ld_server_field_details (is_type ? "mailing_type" : "channel");
        g_autofree char *message = NULL;

        json_object_set_string_member (details, "value", outcome->value);
        message = g_strdup_printf (is_type
                                   ? ld_request_translate_format (request, N_("The configuration has no mailing type “%s”."))
                                   : ld_request_translate_format (request, N_("The configuration has no channel “%s”.")),
                                   outcome->value);
        ld_request_respond_problem (request, 422, "invalid_field", details, message);
      }
      break;

    case LD_PREFERENCE_FAVORITES_DISABLED:
      ld_request_respond_problem (request, 409, "favorites_disabled", NULL,
                                  N_("The favorite products offer is off: favorites cannot be changed."));
      break;

    case LD_PREFERENCE_FAVORITES_LIMIT:
      {
        JsonObject *details = ld_server_field_details ("product_ids");
        g_autofree char *message = NULL;

        json_object_set_int_member (details, "max", outcome->max);
        /* Translators: %d is the configured maximum number of favorite products */
        message = g_strdup_printf (ld_request_translate_format (request, N_("A member has at most %d favorite products: remove one before adding another.")),
                                   (int) outcome->max);
        ld_request_respond_problem (request, 409, "favorites_limit_reached", details, message);
      }
      break;

    case LD_PREFERENCE_PRODUCT_NOT_FOUND:
    case LD_PREFERENCE_PRODUCT_INACTIVE:
      {
        JsonObject *details = ld_server_field_details ("product_ids");
        g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, outcome->product_id);
        g_autofree char *message = NULL;

        json_object_set_int_member (details, "product_id", outcome->product_id);
        message = g_strdup_printf (outcome->refusal == LD_PREFERENCE_PRODUCT_NOT_FOUND
                                   ? ld_request_translate_format (request, N_("There is no product %s."))
                                   : ld_request_translate_format (request, N_("The product %s is not offered any more: it cannot become a favorite.")),
                                   id);
        ld_request_respond_problem (request, 422, "invalid_field", details, message);
      }
      break;

    default:
      /* 404 not_found, or the storage's failure (500) */
      ld_request_respond_gerror (request, error, NULL);
      break;
    }
}

/* ---- PUT /members/{id}/subscriptions {items:[{mailing_type, channel, enabled}]} */

static gboolean
get_subscription_items (LdRequest *request,
                        GArray    *changes)
{
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode *node = request->body ? json_object_get_member (request->body, "items") : NULL;
  JsonArray *items;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      ld_request_respond_error (request, 422, "invalid_field", "items",
                                N_("Give the subscriptions as items: a mailing type, a channel and whether it is on."));
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (items = json_node_get_array (node)) > MAX_SUBSCRIPTION_ITEMS)
    {
      ld_request_respond_error (request, 422, "invalid_field", "items",
                                N_("“items” is a list of at most %d subscriptions."), MAX_SUBSCRIPTION_ITEMS);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);
      LdSubscriptionChange change = { NULL, };
      JsonObject *item;
      char *pair;

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          !ld_json_get_string (item = json_node_get_object (element), "mailing_type", NULL, &change.mailing_type) ||
          !ld_json_get_string (item, "channel", NULL, &change.channel) ||
          change.mailing_type == NULL || change.channel == NULL ||
          !json_object_has_member (item, "enabled") ||
          !ld_json_get_bool (item, "enabled", FALSE, &change.enabled))
        {
          ld_request_respond_error (request, 422, "invalid_field", "items",
                                    N_("Each subscription is {mailing_type, channel, enabled}: two keywords and true or false."));
          return FALSE;
        }

      pair = g_strconcat (change.mailing_type, "\n", change.channel, NULL);
      if (!g_hash_table_add (pairs, pair))
        {
          ld_request_respond_error (request, 422, "invalid_field", "items",
                                    N_("The subscription %s by %s is given twice."),
                                    change.mailing_type, change.channel);
          return FALSE;
        }
      g_array_append_val (changes, change);
    }

  return TRUE;
}

void
ld_server_handle_update_subscriptions (LdServer  *self,
                                       LdRequest *request)
{
  g_autoptr(GArray) changes = g_array_new (FALSE, TRUE, sizeof (LdSubscriptionChange));
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  LdPreferenceOutcome outcome = { 0 };

  g_assert (LD_IS_SERVER (self));
  g_assert (request != NULL);

  if (!get_subscription_items (request, changes))
    return;

  answer = ld_storage_update_subscriptions (ld_server_get_storage (self), request->id,
                                            (const LdSubscriptionChange *) (gpointer) changes->data,
                                            changes->len, request->op->id, &outcome, &error);
  respond_preference (request, answer, &outcome, error);
}

/* ---- PUT /members/{id}/favorites {product_ids:[…]} */

static gboolean
get_product_ids (LdRequest *request,
                 GArray    *ids)
{
  JsonNode *node = request->body ? json_object_get_member (request->body, "product_ids") : NULL;
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      ld_request_respond_error (request, 422, "invalid_field", "product_ids",
                                N_("Give the favorite products as product_ids: a list of product ids, empty to remove them all."));
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) > MAX_FAVORITE_IDS)
    {
      ld_request_respond_error (request, 422, "invalid_field", "product_ids",
                                N_("“product_ids” is a list of at most %d product ids."), MAX_FAVORITE_IDS);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 id;

      if (!ld_json_node_holds (element, G_TYPE_INT64) ||
          (id = json_node_get_int (element)) <= 0)
        {
          ld_request_respond_error (request, 422, "invalid_field", "product_ids",
                                    N_("A product id is a positive whole number."));
          return FALSE;
        }
      g_array_append_val (ids, id);
    }

  return TRUE;
}

void
ld_server_handle_update_favorites (LdServer  *self,
                                   LdRequest *request)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  LdPreferenceOutcome outcome = { 0 };

  g_assert (LD_IS_SERVER (self));
  g_assert (request != NULL);

  if (!get_product_ids (request, ids))
    return;

  answer = ld_storage_update_favorites (ld_server_get_storage (self), request->id,
                                        (const gint64 *) (gpointer) ids->data, ids->len,
                                        request->op->id, &outcome, &error);
  respond_preference (request, answer, &outcome, error);
}
