import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import { INTAKE_LANGUAGES, intakeMessages, type IntakeLanguage, type IntakeMessageValues } from '@mc/intake';
import { assetUrl } from './intake-assets.js';

/** apps/api/views/intake, from src/intake (tests) and dist/intake (built) alike. */
const VIEWS_DIR = fileURLToPath(new URL('../../views/intake/', import.meta.url));

export type PageName = 'form' | 'confirmation' | 'status-lookup' | 'status' | 'problem';

export interface LanguageLink {
  code: IntakeLanguage;
  /** The language's own name (`Русский`), in its own `lang`. */
  name: string;
  href: string;
  current: boolean;
}

/** What every page gets besides its own data. */
export interface PageContext {
  lang: IntakeLanguage;
  t: (id: string, values?: IntakeMessageValues) => string;
  languages: LanguageLink[];
  assets: { css: string; js: string; icon: string };
  title: string;
}

export interface RenderOptions {
  language: IntakeLanguage;
  /** Message id of the page title. */
  titleId: string;
  /** Where the language switcher links go (`/intake`, `/status`); none on the confirmation page. */
  switcherPath?: string;
  /** Extra query parameters the switcher keeps (the reference on the status lookup). */
  switcherQuery?: Record<string, string>;
  data?: Record<string, unknown>;
}

/**
 * Renders the intake and status pages with Eta. Every interpolation is HTML-escaped (`<%=`,
 * autoEscape); raw output (`<%~`) is used only for the layout's body, which is our own rendered
 * template. The words come from the message files of `@mc/intake`, never from the templates.
 */
@Injectable()
export class PageRenderer {
  private readonly eta = new Eta({ views: VIEWS_DIR, cache: true, autoEscape: true });

  render(page: PageName, options: RenderOptions): string {
    const messages = intakeMessages(options.language);
    const t = (id: string, values?: IntakeMessageValues) => messages.t(id, values);
    const languages: LanguageLink[] = options.switcherPath
      ? INTAKE_LANGUAGES.map((code) => {
          const query = new URLSearchParams({ lang: code, ...options.switcherQuery });
          return {
            code,
            name: intakeMessages(code).t(`languages.${code}`),
            href: `${options.switcherPath}?${query.toString()}`,
            current: code === options.language,
          };
        })
      : [];
    const context: PageContext = {
      lang: options.language,
      t,
      languages,
      assets: { css: assetUrl('intake.css'), js: assetUrl('intake.js'), icon: assetUrl('favicon.svg') },
      title: t(options.titleId),
    };
    return this.eta.render(`./${page}`, { ...context, ...options.data });
  }
}
