# heredoc and comments
path "sys/*" { capabilities = ["sudo"] } // trailing
/* block */
path "a" {
  capabilities = [
    "create",
  ]
}
