name = "orders-dev"

path "secret/data/shop/dev/orders/*" {
  capabilities = ["read", "list"]
}

path "secret/metadata/+/dev/*" {
  policy = "deny"
  allowed_parameters = {
    "key" = ["a", "b"]
  }
}
