// Presets: the example platform's repository and each of its six services, read
// at build time from fixtures/example (esbuild's text loader; nothing is copied).
import base from '../../fixtures/example/gitops-config/platform/base.yaml';
import core from '../../fixtures/example/gitops-config/platform/core.yaml';
import defaults from '../../fixtures/example/gitops-config/shared/k8app-defaults.yaml';
import catalogDefault from '../../fixtures/example/services/catalog/.cicd/default.yaml';
import catalogDev from '../../fixtures/example/services/catalog/.cicd/dev.yaml';
import catalogStaging from '../../fixtures/example/services/catalog/.cicd/staging.yaml';
import catalogProd from '../../fixtures/example/services/catalog/.cicd/prod.yaml';
import ordersDefault from '../../fixtures/example/services/orders/.cicd/default.yaml';
import ordersDev from '../../fixtures/example/services/orders/.cicd/dev.yaml';
import ordersStaging from '../../fixtures/example/services/orders/.cicd/staging.yaml';
import ordersProd from '../../fixtures/example/services/orders/.cicd/prod.yaml';
import paymentsDefault from '../../fixtures/example/services/payments/.cicd/default.yaml';
import paymentsDev from '../../fixtures/example/services/payments/.cicd/dev.yaml';
import paymentsStaging from '../../fixtures/example/services/payments/.cicd/staging.yaml';
import paymentsProd from '../../fixtures/example/services/payments/.cicd/prod.yaml';
import searchDefault from '../../fixtures/example/services/search/.cicd/default.yaml';
import searchDev from '../../fixtures/example/services/search/.cicd/dev.yaml';
import searchStaging from '../../fixtures/example/services/search/.cicd/staging.yaml';
import searchProd from '../../fixtures/example/services/search/.cicd/prod.yaml';
import cartDefault from '../../fixtures/example/services/storefront/cart/.cicd/default.yaml';
import cartDev from '../../fixtures/example/services/storefront/cart/.cicd/dev.yaml';
import cartStaging from '../../fixtures/example/services/storefront/cart/.cicd/staging.yaml';
import cartProd from '../../fixtures/example/services/storefront/cart/.cicd/prod.yaml';
import webDefault from '../../fixtures/example/services/storefront/web/.cicd/default.yaml';
import webDev from '../../fixtures/example/services/storefront/web/.cicd/dev.yaml';
import webStaging from '../../fixtures/example/services/storefront/web/.cicd/staging.yaml';
import webProd from '../../fixtures/example/services/storefront/web/.cicd/prod.yaml';

const platform = {
  'gitops-config/platform/base.yaml': base,
  'gitops-config/platform/core.yaml': core,
  'gitops-config/shared/k8app-defaults.yaml': defaults,
};

/** A service directory's `.cicd/` files: default.yaml and the dev, staging, prod overlays. */
function cicd(dir, [defaultYaml, dev, staging, prod]) {
  return {
    [`${dir}/.cicd/default.yaml`]: defaultYaml,
    [`${dir}/.cicd/dev.yaml`]: dev,
    [`${dir}/.cicd/staging.yaml`]: staging,
    [`${dir}/.cicd/prod.yaml`]: prod,
  };
}

const storefront = {
  ...cicd('services/storefront/cart', [cartDefault, cartDev, cartStaging, cartProd]),
  ...cicd('services/storefront/web', [webDefault, webDev, webStaging, webProd]),
};

/**
 * id → { label, service (the one the views show first), files (path → text) }.
 * The monorepo presets hold the whole storefront repository, both services.
 */
export const PRESETS = {
  catalog: {
    label: 'catalog · HTTP API',
    service: 'catalog',
    files: { ...platform, ...cicd('services/catalog', [catalogDefault, catalogDev, catalogStaging, catalogProd]) },
  },
  orders: {
    label: 'orders · gRPC',
    service: 'orders',
    files: { ...platform, ...cicd('services/orders', [ordersDefault, ordersDev, ordersStaging, ordersProd]) },
  },
  payments: {
    label: 'payments · sidecar',
    service: 'payments',
    files: { ...platform, ...cicd('services/payments', [paymentsDefault, paymentsDev, paymentsStaging, paymentsProd]) },
  },
  search: {
    label: 'search · worker, cron',
    service: 'search',
    files: { ...platform, ...cicd('services/search', [searchDefault, searchDev, searchStaging, searchProd]) },
  },
  'storefront-cart': {
    label: 'storefront-cart · monorepo',
    service: 'storefront-cart',
    files: { ...platform, ...storefront },
  },
  'storefront-web': {
    label: 'storefront-web · monorepo',
    service: 'storefront-web',
    files: { ...platform, ...storefront },
  },
};

export const DEFAULT_PRESET = 'orders';
