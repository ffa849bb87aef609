// Presets: a platform repository and one service, read at build time from the
// example platform in fixtures/example (esbuild's text loader; nothing is copied).
import base from '../../fixtures/example/gitops-config/platform/base.yaml';
import core from '../../fixtures/example/gitops-config/platform/core.yaml';
import defaults from '../../fixtures/example/gitops-config/shared/k8app-defaults.yaml';
import ordersDefault from '../../fixtures/example/services/orders/.cicd/default.yaml';
import ordersDev from '../../fixtures/example/services/orders/.cicd/dev.yaml';
import ordersStaging from '../../fixtures/example/services/orders/.cicd/staging.yaml';
import ordersProd from '../../fixtures/example/services/orders/.cicd/prod.yaml';
import paymentsDefault from '../../fixtures/example/services/payments/.cicd/default.yaml';
import paymentsDev from '../../fixtures/example/services/payments/.cicd/dev.yaml';
import paymentsStaging from '../../fixtures/example/services/payments/.cicd/staging.yaml';
import paymentsProd from '../../fixtures/example/services/payments/.cicd/prod.yaml';
import webDefault from '../../fixtures/example/services/storefront/web/.cicd/default.yaml';
import webDev from '../../fixtures/example/services/storefront/web/.cicd/dev.yaml';
import webStaging from '../../fixtures/example/services/storefront/web/.cicd/staging.yaml';
import webProd from '../../fixtures/example/services/storefront/web/.cicd/prod.yaml';

const platform = {
  'gitops-config/platform/base.yaml': base,
  'gitops-config/platform/core.yaml': core,
  'gitops-config/shared/k8app-defaults.yaml': defaults,
};

function service(dir, files) {
  const [d, dev, staging, prod] = files;
  return {
    ...platform,
    [`${dir}/.cicd/default.yaml`]: d,
    [`${dir}/.cicd/dev.yaml`]: dev,
    [`${dir}/.cicd/staging.yaml`]: staging,
    [`${dir}/.cicd/prod.yaml`]: prod,
  };
}

/** id → { label, service (name), files (path → text) } */
export const PRESETS = {
  orders: {
    label: 'Acme Shop · orders (gRPC, Go)',
    service: 'orders',
    files: service('services/orders', [ordersDefault, ordersDev, ordersStaging, ordersProd]),
  },
  payments: {
    label: 'Acme Shop · payments (HTTP + sidecar)',
    service: 'payments',
    files: service('services/payments', [paymentsDefault, paymentsDev, paymentsStaging, paymentsProd]),
  },
  'storefront-web': {
    label: 'Acme Shop · storefront-web (monorepo, HTTPRoute)',
    service: 'storefront-web',
    files: service('services/storefront/web', [webDefault, webDev, webStaging, webProd]),
  },
};

export const DEFAULT_PRESET = 'orders';
