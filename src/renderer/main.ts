/**
 * Renderer entry: Pinia, i18n (the shell's strings and each feature's `shell` part; a feature's
 * screen strings load with its routes, see router.ts), router (Home + feature routes), then the
 * app store connects to the core and the layout shows sign-in or the screens. The app mounts once
 * the remembered language's strings are there (nl-BE at once; fr-BE or en from their lazy chunk).
 */
import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import App from './App.vue';
import { features } from './features/index.js';
import { api, initApi } from './api/index.js';
import { applySavedLanguage, createAppI18n, initialLocale, setActiveI18n, setLocale } from './i18n/index.js';
import { applyDensity } from './components/density.js';
import { createAppRouter } from './router.js';
import { useAppStore } from './stores/app.js';
import './styles/app.css';

applyDensity();
initApi(); // before the router: takes the harness token out of the address hash
const pinia = createPinia();
const i18n = createAppI18n(features);
setActiveI18n(i18n);
const app = createApp(App).use(pinia).use(i18n);
const store = useAppStore(pinia);
const sessionKnown = () =>
  new Promise<void>((resolve) => {
    const stop = watch(
      () => store.session !== null || store.startError !== null,
      (known) => {
        if (!known) return;
        queueMicrotask(() => stop());
        resolve();
      },
      { immediate: true },
    );
  });
const router = createAppRouter(() => store.roles, sessionKnown);
app.use(router);
// Main may ask for a screen (tray menu, notification click).
api.on('app.navigate', ({ route }) => void router.push(route));
void setLocale(initialLocale(), { remember: false })
  .catch(() => undefined) // its strings could not load: start in nl-BE
  .then(() => {
    app.mount('#app');
    void store.start();
    void applySavedLanguage();
  });
