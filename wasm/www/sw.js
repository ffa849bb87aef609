// Offline support: network first, the last good copy when the network is gone.
// The page has no server logic, so a cached copy works as well as a fresh one.
// Installing caches every file of the page, including the editor's script loaded
// after the first paint, so a reload offline finds them all.
const CACHE = 'gitops-guard-preview';
const FILES = ['./', 'index.html', 'style.css', 'app.js', 'editor.js', 'gg_wasm_bg.wasm'];

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).catch(() => {}));
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request, { ignoreSearch: true }).then((hit) => hit || Response.error())),
  );
});
