vcl 4.1;
# Varnish in front of Pôle's app servers (README: "Cache in front (Varnish)").
#
# - Anonymous GET and HEAD answers are cached for as long as their Cache-Control says (s-maxage,
#   else max-age); an answer without Cache-Control, or with private, no-store, no-cache or
#   Set-Cookie, is never stored.
# - A request with the session cookie, an Authorization header or a member's X-Session-Token (the
#   headless accounts) always goes to the app.
# - PURGE <path> drops every cached answer of that path, whatever its query string (Wagtail's
#   frontend cache sends one per URL); BAN <prefix> drops every cached answer whose path starts
#   with that prefix (read as a regular expression). Both act on every host, whatever the Host
#   header: the app names its sites' hosts, which need not be the one visitors use to reach
#   Varnish, and a path dropped on a site that has no such page is only fetched again. Both are
#   accepted from `purgers` only.
# - Varnish appends the client's address to X-Forwarded-For: the app trusts one proxy.

import cookie;
import directors;

# The app servers and the `app` director: see pole-backends.vcl.
include "pole-backends.vcl";

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app.backend();
    call vcl_req_host;
    # Every request gets its own id (the app logs it); a hit must not show the id of the request
    # that filled the cache.
    if (!req.http.X-Request-ID) {
        set req.http.X-Request-ID = req.xid;
    }

    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "PURGE") {
            ban("obj.http.X-Pole-Path == " + regsub(req.url, "\?.*$", ""));
            return (synth(200, "Purged"));
        }
        ban("obj.http.X-Pole-Path ~ ^" + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Banned"));
    }

    call vcl_req_method;
    if (req.http.Authorization || req.http.X-Session-Token || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # The CSRF cookie is kept for the pages with a form (the app marks them private); any other
    # cookie (the language one included) must not change a shared answer, so it never reaches the app.
    cookie.parse(req.http.Cookie);
    cookie.keep("csrftoken");
    set req.http.Cookie = cookie.get_string();
    if (req.http.Cookie == "") {
        unset req.http.Cookie;
    }
    # The app answers in French or English after Accept-Language (Vary: Accept-Language): one
    # variant per language instead of one per browser's header.
    if (req.http.Accept-Language ~ "(?i)^\s*en\b" ||
        (req.http.Accept-Language ~ "(?i)\ben\b" && req.http.Accept-Language !~ "(?i)\bfr\b")) {
        set req.http.Accept-Language = "en";
    } else {
        set req.http.Accept-Language = "fr";
    }
    return (hash);
}

sub vcl_hash {
    # Absolute links in pages and API answers follow the scheme the visitor used.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # What PURGE and BAN compare with: kept on the stored object, removed before delivery.
    set beresp.http.X-Pole-Path = regsub(bereq.url, "\?.*$", "");
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (!beresp.http.Cache-Control) {
        call vcl_beresp_hitmiss;
    }
    # Requests with a session never reach the cache and the app marks private whatever reads the
    # CSRF cookie, so a stored answer cannot depend on the cookies: one copy for every visitor
    # instead of one per CSRF cookie. Browsers still get the app's Vary.
    if (beresp.http.Vary ~ "(?i)\bcookie\b") {
        set beresp.http.X-Pole-Vary = beresp.http.Vary;
        set beresp.http.Vary = regsub(regsuball(beresp.http.Vary, "(?i)(^|,)\s*cookie\s*(?=,|$)", ""),
            "^\s*,\s*", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
    }
    # The built-in rules then refuse Set-Cookie, private, no-store and no-cache.
}

sub vcl_backend_error {
    # A read may go to the other app server when one is down; a POST may not be replayed.
    if (bereq.retries == 0 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
}

sub vcl_deliver {
    unset resp.http.X-Pole-Path;
    set resp.http.X-Request-ID = req.http.X-Request-ID;
    if (resp.http.X-Pole-Vary) {
        set resp.http.Vary = resp.http.X-Pole-Vary;
        unset resp.http.X-Pole-Vary;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
