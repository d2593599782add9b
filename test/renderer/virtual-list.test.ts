import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { h, nextTick } from 'vue';
import VirtualList from '../../src/renderer/components/VirtualList.vue';

const ROW = 50;

function mountList(count: number, activeIndex = -1) {
  return mount(VirtualList, {
    props: {
      count,
      rowHeight: ROW,
      item: (index: number) => (index % 1000 === 999 ? undefined : { name: `Person ${index}` }),
      idPrefix: 'row',
      label: 'Results',
      activeIndex,
      overscan: 5,
      fallbackHeight: 500,
    },
    slots: {
      default: (p: { item: unknown }) => h('span', (p.item as { name: string } | undefined)?.name ?? 'loading'),
    },
  });
}

describe('VirtualList', () => {
  it('renders only the rows in view plus the overscan, even with 100,000 rows', () => {
    const wrapper = mountList(100_000);
    const rows = wrapper.findAll('[role="option"]');
    // 500 px / 50 px = 10 rows in view, + 5 overscan below (none above row 0)
    expect(rows).toHaveLength(15);
    expect(rows[0]!.text()).toBe('Person 0');
    const spacer = wrapper.find('.virtual-list__spacer').element as HTMLElement;
    expect(spacer.style.height).toBe(`${100_000 * ROW}px`);
    expect(rows[3]!.attributes('aria-setsize')).toBe('100000');
    expect(rows[3]!.attributes('aria-posinset')).toBe('4');
    expect((rows[3]!.element as HTMLElement).style.top).toBe('150px');
  });

  it('asks for the visible range and follows scrolling', async () => {
    const wrapper = mountList(100_000);
    expect(wrapper.emitted('range')?.[0]).toEqual([0, 15]);
    const viewport = wrapper.find('[role="listbox"]');
    (viewport.element as HTMLElement).scrollTop = 50_000 * ROW;
    await viewport.trigger('scroll');
    const rows = wrapper.findAll('[role="option"]');
    expect(rows).toHaveLength(20);
    expect(rows[0]!.text()).toBe('Person 49995');
    expect(rows.at(-1)!.text()).toBe('Person 50014');
    expect(wrapper.emitted('range')?.at(-1)).toEqual([49_995, 50_015]);
    expect(wrapper.text()).not.toContain('Person 0 ');
  });

  it('shows a placeholder for rows that are not loaded yet', async () => {
    const wrapper = mountList(2000);
    const viewport = wrapper.find('[role="listbox"]');
    (viewport.element as HTMLElement).scrollTop = 995 * ROW;
    await viewport.trigger('scroll');
    const row = wrapper.find('#row-999');
    expect(row.text()).toBe('loading');
  });

  it('moves the active row with the keyboard and activates it with Enter', async () => {
    const wrapper = mountList(100, 3);
    const viewport = wrapper.find('[role="listbox"]');
    expect(viewport.attributes('aria-activedescendant')).toBe('row-3');
    expect(wrapper.find('#row-3').attributes('aria-selected')).toBe('true');
    await viewport.trigger('keydown', { key: 'ArrowDown' });
    await viewport.trigger('keydown', { key: 'ArrowUp' });
    await viewport.trigger('keydown', { key: 'End' });
    await viewport.trigger('keydown', { key: 'Home' });
    await viewport.trigger('keydown', { key: 'PageDown' });
    expect(wrapper.emitted('update:activeIndex')).toEqual([[4], [2], [99], [0], [12]]);
    await viewport.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('activate')).toEqual([[3]]);
  });

  it('clamps keyboard moves to the list and ignores Enter without an active row', async () => {
    const wrapper = mountList(5, -1);
    const viewport = wrapper.find('[role="listbox"]');
    await viewport.trigger('keydown', { key: 'ArrowUp' });
    await viewport.trigger('keydown', { key: 'Enter' });
    await viewport.trigger('keydown', { key: 'ArrowDown' });
    expect(wrapper.emitted('update:activeIndex')).toEqual([[0], [0]]);
    expect(wrapper.emitted('activate')).toBeUndefined();
  });

  it('scrolls a row that becomes active into view', async () => {
    const wrapper = mountList(100_000, 0);
    await wrapper.setProps({ activeIndex: 500 });
    const viewport = wrapper.find('[role="listbox"]').element as HTMLElement;
    // row 500 ends at 25,050 px: the viewport (500 px) must end there
    expect(viewport.scrollTop).toBe(501 * ROW - 500);
    expect(wrapper.find('#row-500').exists()).toBe(true);
  });

  it('shows the active row when mounted again (back from a person card)', async () => {
    const wrapper = mountList(100_000, 500);
    await nextTick();
    expect((wrapper.find('[role="listbox"]').element as HTMLElement).scrollTop).toBe(501 * ROW - 500);
    expect(wrapper.find('#row-500').attributes('aria-selected')).toBe('true');
  });

  it('activates a row on click', async () => {
    const wrapper = mountList(10);
    await wrapper.find('#row-2').trigger('click');
    expect(wrapper.emitted('update:activeIndex')).toEqual([[2]]);
    expect(wrapper.emitted('activate')).toEqual([[2]]);
  });
});
