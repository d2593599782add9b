/**
 * PersonAvatar: the cached photo when there is one (alt names the person, or alt="" in lists),
 * else initials on a colour derived from the id; the photos of one render are asked in one call.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { setApi } from '../../src/renderer/api/index.js';
import PersonAvatar from '../../src/renderer/features/directory/PersonAvatar.vue';
import { avatarColour, initials } from '../../src/renderer/features/directory/photos.js';
import { features } from '../../src/renderer/features/index.js';
import { createAppI18n } from '../../src/renderer/i18n/index.js';
import { fakeApi } from './fake-api.js';

const JPEG = '/9j/4AAQSkZJRgABAQ==';

function setup() {
  const fake = fakeApi({
    'directory.photos': ({ ids }) => Object.fromEntries(ids.filter((id) => id === 'p-1').map((id) => [id, { contentType: 'image/jpeg' as const, data: JPEG, hash: 'abcdef0123456789' }])),
  });
  setApi(fake.api);
  const pinia = createPinia();
  setActivePinia(pinia);
  return { fake, global: { plugins: [pinia, createAppI18n(features)] } };
}

afterEach(() => setApi(null));

describe('PersonAvatar', () => {
  it('shows the photo with the person\'s name as alt text on the card', async () => {
    const { global } = setup();
    const wrapper = mount(PersonAvatar, { props: { person: { id: 'p-1', firstName: 'Céline', lastName: 'Vandenberghe' }, size: 'lg' }, global });
    expect(wrapper.find('[data-testid="avatar-initials"]').exists()).toBe(true); // until the photo is there
    await flushPromises();
    const img = wrapper.get('img');
    expect(img.attributes('src')).toBe(`data:image/jpeg;base64,${JPEG}`);
    expect(img.attributes('alt')).toBe('Foto van Céline Vandenberghe');
    expect(img.classes()).toContain('avatar--lg');
  });

  it('is decorative in lists (alt="")', async () => {
    const { global } = setup();
    const wrapper = mount(PersonAvatar, { props: { person: { id: 'p-1', firstName: 'Céline', lastName: 'Vandenberghe' }, decorative: true }, global });
    await flushPromises();
    expect(wrapper.get('img').attributes('alt')).toBe('');
  });

  it('initials only for a name that is no directory id (a letter\'s requester): no photo asked for', async () => {
    const { global, fake } = setup();
    const wrapper = mount(PersonAvatar, { props: { person: { id: 'p-1', firstName: 'Céline', lastName: 'Vandenberghe' }, initialsOnly: true }, global });
    await flushPromises();
    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.get('[data-testid="avatar-initials"]').text()).toBe('CV');
    expect(fake.calls.filter((c) => c.method === 'directory.photos')).toEqual([]);
  });

  it('shows initials on a colour of the person\'s own when there is no photo, hidden from screen readers', async () => {
    const { global } = setup();
    const wrapper = mount(PersonAvatar, { props: { person: { id: 'p-2', firstName: 'émile', lastName: 'Van den Berghe' } }, global });
    await flushPromises();
    expect(wrapper.find('img').exists()).toBe(false);
    const span = wrapper.get('[data-testid="avatar-initials"]');
    expect(span.text()).toBe('ÉV');
    expect(span.attributes('aria-hidden')).toBe('true');
    expect(span.attributes('style')).toContain('background-color');
    expect(avatarColour('p-2')).toBe(avatarColour('p-2'));
    expect(initials('  Zoë', 'ðorn')).toBe('ZÐ');
  });

  it('asks for the photos of one render in one call', async () => {
    const { fake, global } = setup();
    const List = defineComponent(() => () => h('div', ['p-1', 'p-2', 'p-3', 'p-1'].map((id, i) => h(PersonAvatar, { key: i, person: { id, firstName: 'A', lastName: 'B' }, decorative: true }))));
    const wrapper = mount(List, { global });
    await flushPromises();
    const calls = fake.calls.filter((c) => c.method === 'directory.photos');
    expect(calls).toEqual([{ method: 'directory.photos', input: { ids: ['p-1', 'p-2', 'p-3'] } }]);
    expect(wrapper.findAll('img')).toHaveLength(2);
  });
});
