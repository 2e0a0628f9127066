/* The book's service worker: after one visit, every page of the book opens without a network.

   This file is a template. At the end of each build, _ext/offline_book.py writes the list of the
   book's files and its version (a hash of all of them) into PRECACHE and saves the result as sw.js
   at the site root, so the worker's scope is the whole book. static/book/offline.js registers it
   once a page has loaded.

   install   download every listed file into the cache "book <scope> <version>", a few at a time
             at low priority, then take over at once (skipWaiting).
   activate  delete this book's caches of other versions; control the open pages (clients.claim).
   fetch     pages: network first, so a reader online gets the newest page (and the cached copy is
             refreshed); the cached copy when the network fails, or answers slower than a few
             seconds. Other files: cache first (a version's files never change), else the network.
*/

const PRECACHE = { version: "unbuilt", files: [] }; // filled in at build time

const SCOPE = self.registration.scope;
const CACHE_PREFIX = `book ${SCOPE} `;
const CACHE_NAME = CACHE_PREFIX + PRECACHE.version;
const PARALLEL_DOWNLOADS = 4;
const SLOW_NETWORK_MS = 4000;

/** A URL's key in the cache: no query (?v=… only busts the HTTP cache), a folder's index.html. */
function cacheKey(url) {
  const key = new URL(url);
  key.search = "";
  key.hash = "";
  if (key.pathname.endsWith("/")) key.pathname += "index.html";
  return key.href;
}

async function fromCache(url) {
  const cache = await caches.open(CACHE_NAME);
  return cache.match(cacheKey(url));
}

/** Download every listed file not yet in this version's cache (an interrupted install resumes). */
async function precache() {
  const cache = await caches.open(CACHE_NAME);
  const queue = PRECACHE.files.map((file) => new URL(file, SCOPE).href);
  async function download() {
    for (let url = queue.shift(); url; url = queue.shift()) {
      if (await cache.match(url)) continue;
      // no-cache: revalidate with the server, so the cache holds this build's bytes
      const response = await fetch(url, { cache: "no-cache", priority: "low" });
      if (!response.ok) throw new Error(`precache ${url}: HTTP ${response.status}`);
      await cache.put(url, response);
    }
  }
  await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, download));
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const old = (await caches.keys()).filter(
        (name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME,
      );
      await Promise.all(old.map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

/** A page: the network's answer (refreshing the cached copy), or the cached copy. */
function page(event) {
  const { request } = event;
  const network = fetch(request);
  // Refresh a cached page with the network's copy (cloned before the browser reads the body).
  const refresh = network
    .then((response) => {
      if (!response.ok) return;
      const copy = response.clone();
      return caches.open(CACHE_NAME).then(async (cache) => {
        if (await cache.match(cacheKey(request.url))) await cache.put(cacheKey(request.url), copy);
      });
    })
    .catch(() => {});
  event.waitUntil(refresh);
  // Offline: the cached copy at once. Online but slow: the cached copy after a few seconds.
  const answer = network.catch(
    async (error) => (await fromCache(request.url)) || Promise.reject(error),
  );
  const slow = new Promise((resolve) => setTimeout(resolve, SLOW_NETWORK_MS))
    .then(() => fromCache(request.url))
    .then((cached) => cached || answer);
  return Promise.race([answer, slow]);
}

/** Any other file: from this version's cache, else from the network. */
async function asset(request) {
  return (await fromCache(request.url)) || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return; // not the book's
  event.respondWith(request.mode === "navigate" ? page(event) : asset(request));
});
