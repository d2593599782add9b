/**
 * Renderer entry: Pinia, i18n (shell + feature strings), router (Home + feature routes), then the
 * app store connects to the core and the layout shows sign-in or the screens.
 */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { features } from './features/index.js';
import { createAppI18n, setActiveI18n } from './i18n/index.js';
import { createAppRouter } from './router.js';
import { useAppStore } from './stores/app.js';
import './styles/app.css';

const pinia = createPinia();
const i18n = createAppI18n(features.map((feature) => feature.messages));
setActiveI18n(i18n);
const app = createApp(App).use(pinia).use(i18n);
const store = useAppStore(pinia);
app.use(createAppRouter(() => store.roles));
app.mount('#app');
void store.start();
