// The API reference at /docs/: Swagger UI (from the org.webjars:swagger-ui jar) showing this
// server's own /openapi.json. Nothing is fetched from anywhere else: no online validator badge.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
