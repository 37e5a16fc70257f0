import { useEffect, type RefObject } from 'react';
import { highlightParts, highlightRanges } from '../../common/search/highlight.js';
import './search.css';

/** `text` with the parts `query` matched (in any script) wrapped in <mark>. */
export function Highlighted({ text, query }: { text: string; query: string }) {
  if (!query.trim()) return <>{text}</>;
  return (
    <>
      {highlightParts(text, query).map((part, i) =>
        part.matched ? (
          <mark key={i} className="odnos-match" data-testid="search-match">
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

const HIGHLIGHT_NAME = 'odnos-search';
/** Only the content of table cells and cards is marked, not headers or buttons… */
const MARKABLE = '[role="cell"], [data-testid="record-card"]';
/** …and not columns that search does not look at (an owner named "Ana" is no match for "ana"). */
const NOT_SEARCHED = new Set(['owner', 'createdAt', 'updatedAt', 'birthday', 'status', 'source']);

/**
 * Marks what `query` matched inside the element (list rows, cards) without changing the DOM:
 * the CSS Custom Highlight API paints ranges of existing text nodes, so any column renderer
 * gets highlighting for free. Re-marks when virtual scrolling swaps rows.
 */
export function useSearchHighlight(ref: RefObject<HTMLElement | null>, query: string): void {
  useEffect(() => {
    const root = ref.current;
    if (!root || typeof CSS === 'undefined' || !('highlights' in CSS)) return;
    if (query.trim().length < 2) {
      CSS.highlights.delete(HIGHLIGHT_NAME);
      return;
    }
    let frame = 0;
    const mark = () => {
      frame = 0;
      const ranges: globalThis.Range[] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.nodeValue ?? '';
        if (text.trim().length === 0) continue;
        const cell = node.parentElement?.closest(MARKABLE);
        if (!cell || NOT_SEARCHED.has(cell.getAttribute('data-column') ?? '')) continue;
        for (const [start, end] of highlightRanges(text, query)) {
          const range = new globalThis.Range();
          range.setStart(node, start);
          range.setEnd(node, end);
          ranges.push(range);
        }
      }
      CSS.highlights.set(HIGHLIGHT_NAME, new Highlight(...ranges));
    };
    mark();
    const observer = new MutationObserver(() => {
      if (frame === 0) frame = requestAnimationFrame(mark);
    });
    observer.observe(root, { subtree: true, childList: true, characterData: true });
    return () => {
      observer.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
      CSS.highlights.delete(HIGHLIGHT_NAME);
    };
  }, [ref, query]);
}
