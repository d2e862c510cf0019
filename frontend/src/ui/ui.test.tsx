import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Confidence, ErrorBox, Loaded, TextField } from '.';

describe('accessible building blocks', () => {
  it('links a field to its label and its error message', () => {
    const html = renderToStaticMarkup(
      <TextField label="E-mail" value="x" onChange={() => undefined} error="must be a valid e-mail address" />,
    );
    const id = html.match(/<input id="([^"]+)"/)![1];
    expect(html).toContain(`<label for="${id}">E-mail</label>`);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain(`aria-describedby="${id}-msg"`);
    expect(html).toMatch(
      new RegExp(`<small id="${id}-msg" class="field-error">must be a valid e-mail address</small>`),
    );
  });

  it('announces errors and offers a retry', () => {
    const html = renderToStaticMarkup(<ErrorBox error="The server could not be reached." onRetry={() => undefined} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('Try again');
    expect(renderToStaticMarkup(<ErrorBox error={null} />)).toBe('');
  });

  it('shows loading, then empty, then content', () => {
    const base = { error: null, reload: () => undefined };
    expect(
      renderToStaticMarkup(<Loaded state={{ ...base, data: undefined, loading: true }}>{() => 'x'}</Loaded>),
    ).toContain('Loading');
    expect(
      renderToStaticMarkup(
        <Loaded
          state={{ ...base, data: [] as number[], loading: false }}
          empty={(d) => (d.length ? null : 'Nothing here.')}
        >
          {() => 'x'}
        </Loaded>,
      ),
    ).toContain('Nothing here.');
    expect(
      renderToStaticMarkup(
        <Loaded state={{ ...base, data: [1], loading: false }} empty={(d) => (d.length ? null : 'Nothing here.')}>
          {(d) => `items: ${d.length}`}
        </Loaded>,
      ),
    ).toContain('items: 1');
  });

  it('writes confidence as a percentage with a meter', () => {
    const html = renderToStaticMarkup(<Confidence value={0.82} />);
    expect(html).toContain('aria-label="Confidence 82%"');
    expect(html).toContain('82%');
  });
});
