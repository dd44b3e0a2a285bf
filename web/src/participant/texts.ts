/**
 * Every fixed text a participant reads, per language (issue 14). An experiment picks a
 * `language` and may override single texts in its `texts`; the keys are those of
 * `schema/experiment.schema.json`'s `texts` (a test keeps the two lists equal). `{name}` marks a
 * value filled in where the text is shown.
 */
export type TextKey =
  | 'agree' | 'instructionsTitle' | 'continue' | 'start'
  | 'startingTitle' | 'startingText' | 'studyClosedTitle' | 'studyClosed' | 'previewTitle' | 'previewText'
  | 'errorTitle' | 'errorText' | 'linkIncompleteTitle' | 'linkIncompleteText'
  | 'screenCheckTitle' | 'screenCheckText' | 'screenCheckFullscreen' | 'enterFullscreen' | 'measuring'
  | 'screenCheckFailed' | 'tryAgain' | 'screenOutButton' | 'screenOutTitle' | 'screenOutText'
  | 'preparingTitle' | 'preparingText' | 'loadingImages' | 'reconnecting'
  | 'practiceFinishedTitle' | 'practiceFinishedText' | 'breakTitle' | 'practiceTitle' | 'blockTitle'
  | 'maskedBlockText' | 'clickmeBlockText' | 'tripletBlockText' | 'savingTitle' | 'savingText'
  | 'thanksTitle' | 'thanksText' | 'redirectNotice' | 'redirectLink' | 'progress' | 'queueWaiting' | 'queueRetrying'
  | 'withdrawButton' | 'withdrawConfirm' | 'withdrawnTitle' | 'withdrawnText' | 'withdrawCodeText'
  | 'withdrawTitle' | 'withdrawCodeLabel' | 'withdrawFailed'
  | 'feedbackCorrect' | 'feedbackTooSlow' | 'feedbackWrong'
  | 'clickmeWaiting' | 'clickmePartnerRight' | 'clickmePartnerGuess' | 'clickmeTimeUp' | 'clickmePoints' | 'clickmeSkip' | 'clickmeNext';

export type TextTable = Record<TextKey, string>;

const en: TextTable = {
  agree: 'I agree',
  instructionsTitle: 'Instructions',
  continue: 'Continue',
  start: 'Start',
  startingTitle: 'Starting',
  startingText: 'Connecting to the study…',
  studyClosedTitle: 'Study closed',
  studyClosed: 'This study is not accepting participants right now.',
  previewTitle: 'Preview',
  previewText: 'This is a preview of the study. Accept the HIT to take part.',
  errorTitle: 'Something went wrong',
  errorText: '{message}. Your responses so far are saved; reloading this page continues where you left off.',
  linkIncompleteTitle: 'Link incomplete',
  linkIncompleteText: 'This address does not name an experiment (expected /run/<experiment>)',
  screenCheckTitle: 'Screen check',
  screenCheckText: 'We now measure how fast your screen refreshes; this takes two seconds. Please keep this window in front.',
  screenCheckFullscreen: 'The study runs in full screen. We now measure how fast your screen refreshes; this takes two seconds. Please keep this window in front.',
  enterFullscreen: 'Enter full screen and continue',
  measuring: 'Measuring…',
  screenCheckFailed: 'Your screen refreshes at {hz} Hz; this study needs at least {min} Hz. Close other programs and tabs, or use another screen, and try again.',
  tryAgain: 'Try again',
  screenOutButton: 'I cannot take part with this screen',
  screenOutTitle: 'Thank you for your interest',
  screenOutText: 'Your screen cannot show this study as it must be shown, so you cannot take part. Please return the study with this code:',
  preparingTitle: 'Preparing',
  preparingText: 'Measuring your screen…',
  loadingImages: 'Loading images…',
  reconnecting: 'Reconnecting… (next try in {seconds} s)',
  practiceFinishedTitle: 'Practice finished',
  practiceFinishedText: 'Well done. The main part starts next; there is no more feedback.',
  breakTitle: 'Break',
  practiceTitle: 'Practice',
  blockTitle: 'Block {n} of {of}',
  maskedBlockText: '{count} trials. Look at the cross in the centre; answer as accurately as you can.',
  clickmeBlockText: '{count} rounds. Click or paint to uncover what your partner needs to see.',
  tripletBlockText: '{count} trials. Each shows three images: choose the one that fits least with the other two.',
  savingTitle: 'Saving',
  savingText: 'Saving your responses…',
  thanksTitle: 'Thank you!',
  thanksText: 'All your responses have been saved. Your completion code is:',
  redirectNotice: 'You will be taken back to the study site; if nothing happens, ',
  redirectLink: 'continue',
  progress: '{done} of {total} trials',
  queueWaiting: '{n} response(s) waiting to be sent',
  queueRetrying: '{n} response(s) waiting to be sent (connection problem, retrying)',
  withdrawButton: 'Withdraw my data',
  withdrawConfirm: 'Delete all your responses from this study? This cannot be undone.',
  withdrawnTitle: 'Withdrawn',
  withdrawnText: 'Your responses have been deleted.',
  withdrawCodeText: 'To withdraw later, keep this code; enter it at {url}:',
  withdrawTitle: 'Withdraw from a study',
  withdrawCodeLabel: 'Withdrawal code',
  withdrawFailed: 'This code is not valid, or it was used already.',
  feedbackCorrect: 'Correct!',
  feedbackTooSlow: 'Too slow. The answer was: {answer}',
  feedbackWrong: 'Wrong. The answer was: {answer}',
  clickmeWaiting: 'Partner: waiting for your reveals…',
  clickmePartnerRight: 'Partner: {guess}. Right!',
  clickmePartnerGuess: 'Partner: {guess}?',
  clickmeTimeUp: 'Time is up.',
  clickmePoints: '{points} points',
  clickmeSkip: 'Skip',
  clickmeNext: 'Next',
};

const de: TextTable = {
  agree: 'Ich stimme zu',
  instructionsTitle: 'Anleitung',
  continue: 'Weiter',
  start: 'Starten',
  startingTitle: 'Start',
  startingText: 'Verbindung zur Studie wird hergestellt…',
  studyClosedTitle: 'Studie geschlossen',
  studyClosed: 'Diese Studie nimmt gerade keine Teilnehmenden auf.',
  previewTitle: 'Vorschau',
  previewText: 'Dies ist eine Vorschau der Studie. Nehmen Sie den HIT an, um teilzunehmen.',
  errorTitle: 'Etwas ist schiefgegangen',
  errorText: '{message}. Ihre bisherigen Antworten sind gespeichert; wenn Sie die Seite neu laden, geht es dort weiter.',
  linkIncompleteTitle: 'Link unvollständig',
  linkIncompleteText: 'Diese Adresse nennt kein Experiment (erwartet: /run/<Experiment>)',
  screenCheckTitle: 'Bildschirmprüfung',
  screenCheckText: 'Wir messen jetzt, wie schnell Ihr Bildschirm das Bild erneuert; das dauert zwei Sekunden. Bitte lassen Sie dieses Fenster im Vordergrund.',
  screenCheckFullscreen: 'Die Studie läuft im Vollbild. Wir messen jetzt, wie schnell Ihr Bildschirm das Bild erneuert; das dauert zwei Sekunden. Bitte lassen Sie dieses Fenster im Vordergrund.',
  enterFullscreen: 'Vollbild öffnen und weiter',
  measuring: 'Messung läuft…',
  screenCheckFailed: 'Ihr Bildschirm erneuert das Bild mit {hz} Hz; diese Studie braucht mindestens {min} Hz. Schließen Sie andere Programme und Tabs oder nutzen Sie einen anderen Bildschirm und versuchen Sie es erneut.',
  tryAgain: 'Erneut versuchen',
  screenOutButton: 'Mit diesem Bildschirm kann ich nicht teilnehmen',
  screenOutTitle: 'Danke für Ihr Interesse',
  screenOutText: 'Ihr Bildschirm kann diese Studie nicht so zeigen, wie sie gezeigt werden muss; Sie können daher nicht teilnehmen. Bitte geben Sie die Studie mit diesem Code zurück:',
  preparingTitle: 'Vorbereitung',
  preparingText: 'Ihr Bildschirm wird gemessen…',
  loadingImages: 'Bilder werden geladen…',
  reconnecting: 'Verbindung wird wiederhergestellt… (nächster Versuch in {seconds} s)',
  practiceFinishedTitle: 'Übung beendet',
  practiceFinishedText: 'Gut gemacht. Jetzt beginnt der Hauptteil; es gibt keine Rückmeldung mehr.',
  breakTitle: 'Pause',
  practiceTitle: 'Übung',
  blockTitle: 'Block {n} von {of}',
  maskedBlockText: '{count} Durchgänge. Schauen Sie auf das Kreuz in der Mitte; antworten Sie so genau wie möglich.',
  clickmeBlockText: '{count} Runden. Klicken oder malen Sie, um aufzudecken, was Ihr Partner sehen muss.',
  tripletBlockText: '{count} Durchgänge. Jeder zeigt drei Bilder: Wählen Sie das Bild, das am wenigsten zu den beiden anderen passt.',
  savingTitle: 'Speichern',
  savingText: 'Ihre Antworten werden gespeichert…',
  thanksTitle: 'Vielen Dank!',
  thanksText: 'Alle Ihre Antworten sind gespeichert. Ihr Abschlusscode lautet:',
  redirectNotice: 'Sie werden zur Studienseite zurückgeleitet; falls nichts passiert, ',
  redirectLink: 'weiter',
  progress: '{done} von {total} Durchgängen',
  queueWaiting: '{n} Antwort(en) warten auf das Senden',
  queueRetrying: '{n} Antwort(en) warten auf das Senden (Verbindungsproblem, neuer Versuch läuft)',
  withdrawButton: 'Meine Daten zurückziehen',
  withdrawConfirm: 'Alle Ihre Antworten aus dieser Studie löschen? Das kann nicht rückgängig gemacht werden.',
  withdrawnTitle: 'Zurückgezogen',
  withdrawnText: 'Ihre Antworten wurden gelöscht.',
  withdrawCodeText: 'Um später zurückzutreten, bewahren Sie diesen Code auf und geben Sie ihn unter {url} ein:',
  withdrawTitle: 'Von einer Studie zurücktreten',
  withdrawCodeLabel: 'Rücktrittscode',
  withdrawFailed: 'Dieser Code ist ungültig oder wurde schon verwendet.',
  feedbackCorrect: 'Richtig!',
  feedbackTooSlow: 'Zu langsam. Die Antwort war: {answer}',
  feedbackWrong: 'Falsch. Die Antwort war: {answer}',
  clickmeWaiting: 'Partner: wartet auf Ihre Aufdeckungen…',
  clickmePartnerRight: 'Partner: {guess}. Richtig!',
  clickmePartnerGuess: 'Partner: {guess}?',
  clickmeTimeUp: 'Die Zeit ist um.',
  clickmePoints: '{points} Punkte',
  clickmeSkip: 'Überspringen',
  clickmeNext: 'Weiter',
};

/** The built-in languages. */
export const LANGUAGES = { en, de } as const;
export type Language = keyof typeof LANGUAGES;

/** The texts of `language` (English if unknown) with the experiment's overrides applied. */
export function textTable(language: string | null | undefined, overrides?: Partial<Record<string, string>> | null): TextTable {
  const base = LANGUAGES[(language ?? 'en') as Language] ?? en;
  const table = { ...base };
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (k in table && typeof v === 'string') table[k as TextKey] = v;
  }
  return table;
}

/** The language of a visitor before any experiment is known: the browser's, if built in. */
export function browserLanguage(navigatorLanguage: string | undefined): Language {
  const prefix = (navigatorLanguage ?? 'en').slice(0, 2).toLowerCase();
  return prefix in LANGUAGES ? (prefix as Language) : 'en';
}

/** `text` with each `{name}` replaced by `values[name]`. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
