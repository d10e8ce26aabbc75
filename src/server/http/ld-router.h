/* ld-router.h — the route table's matching: path, method, path parameters, query names
 *
 * A route is declared once (method, pattern, right, handler) in the table of
 * ld-routes.c. The router finds the route of a request's method and path (404 when no
 * route has the path, 405 with Allow when others of its methods do), parses the path
 * parameters strictly ({id} a positive int64, {number} a card number) and refuses query
 * names the route does not know, all before the route's handler runs.
 */
#pragma once

#include "ld-request.h"

G_BEGIN_DECLS

typedef void (*LdRouteHandler) (LdServer  *server,
                                LdRequest *request);

typedef enum
{
  LD_ROUTE_FLAGS_NONE   = 0,
  LD_ROUTE_FLAGS_PUBLIC = 1 << 0,  /* no session needed (login, healthz, metrics) */
  LD_ROUTE_FLAGS_QUIET  = 1 << 1,  /* not in the request log (healthz: the benchmark's baseline) */
} LdRouteFlags;

struct _LdRoute
{
  const char          *method;
  const char          *pattern;   /* the whole path, e.g. "/api/v1/members/{id}": {id} is a positive int64, {number} a card number */
  const char          *right;     /* (nullable) the right the operator needs */
  const char * const  *query;     /* the query parameters it understands; "answers.*" takes answers.<key> and answers[<key>] */
  LdRouteFlags         flags;
  LdRouteHandler       handler;
};

typedef struct _LdRouter LdRouter;

/* what ld_router_match() found for one method and path */
typedef struct
{
  const LdRoute  *route;       /* (nullable) the route of the method and the path */
  const LdRoute  *path_route;  /* (nullable) the first route of the path, whatever its method */
  char          **segments;    /* (nullable) the decoded path; NULL when it does not decode */
  GString        *allowed;     /* the other methods the path's routes answer: "GET, DELETE" */
} LdRouteMatch;

/* @routes (static, unowned) must outlive the router */
LdRouter    *ld_router_new          (const LdRoute      *routes,
                                     guint               n_routes);
void         ld_router_free         (LdRouter           *self);

/* the segments of @path, percent-decoded, or NULL when a segment does not decode (or
 * decodes to a "/" or to text that is not UTF-8) → (transfer full) */
char       **ld_router_split_path   (const char         *path);

/* finds the route of @method and @path into @match (clear it with ld_route_match_clear) */
void         ld_router_match        (LdRouter           *self,
                                     const char         *method,
                                     const char         *path,
                                     LdRouteMatch       *match);
/* answers 405 (with Allow) or 404 when @match has no route; else parses the route's
 * path parameters into request->id and request->number (404 naming the parameter) and
 * checks the query's names against the route's (400 naming the first unknown one);
 * FALSE after answering */
gboolean     ld_router_apply        (LdRouter           *self,
                                     const LdRouteMatch *match,
                                     LdRequest          *request);

void         ld_route_match_clear   (LdRouteMatch       *match);
/* whether @route understands the query parameter @name (a family "stem.*" included) */
gboolean     ld_route_has_query     (const LdRoute      *route,
                                     const char         *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdRouter, ld_router_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdRouteMatch, ld_route_match_clear)

G_END_DECLS
