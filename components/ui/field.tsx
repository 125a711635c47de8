import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

export const inputClasses =
  'block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-xs focus:border-brand-500 aria-[invalid=true]:border-red-500';

type FieldFrameProps = {
  id: string;
  label: ReactNode;
  /** Extra words under the label: the AWS console field this is, what it does. */
  hint?: ReactNode;
  errors?: readonly string[];
  /** Content shown under the errors (e.g. the doctor's findings for this field). */
  extra?: ReactNode;
  children: ReactNode;
};

/** A field's errors, announced, with the id that `describedBy` points the control at. */
export function FieldErrors({ id, errors }: { id: string; errors?: readonly string[] }) {
  if (!errors || errors.length === 0) return null;
  return (
    <ul id={`${id}-error`} role="alert" className="space-y-0.5 text-xs text-red-700">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

/** Label, control, hint and errors wired together with ids so screen readers announce all of them. */
export function FieldFrame({ id, label, hint, errors, extra, children }: FieldFrameProps) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {children}
      <FieldErrors id={id} errors={errors} />
      {extra}
    </div>
  );
}

export function describedBy(id: string, hint: unknown, errors?: readonly string[]): string | undefined {
  const ids = [hint ? `${id}-hint` : '', errors && errors.length > 0 ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

type Common = Omit<FieldFrameProps, 'children'>;

export function TextField({ id, label, hint, errors, extra, className = '', ...props }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} extra={extra}>
      <input id={id} className={`${inputClasses} ${className}`} aria-invalid={errors && errors.length > 0 ? true : undefined} aria-describedby={describedBy(id, hint, errors)} {...props} />
    </FieldFrame>
  );
}

export function TextAreaField({ id, label, hint, errors, extra, className = '', ...props }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} extra={extra}>
      <textarea id={id} className={`${inputClasses} font-mono ${className}`} aria-invalid={errors && errors.length > 0 ? true : undefined} aria-describedby={describedBy(id, hint, errors)} {...props} />
    </FieldFrame>
  );
}

export function SelectField({ id, label, hint, errors, extra, options, className = '', ...props }: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly { value: string; label: string }[] }) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} extra={extra}>
      <select id={id} className={`${inputClasses} ${className}`} aria-invalid={errors && errors.length > 0 ? true : undefined} aria-describedby={describedBy(id, hint, errors)} {...props}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField({ id, label, hint, ...props }: { id: string; label: ReactNode; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="flex items-start gap-2">
      <input id={id} type="checkbox" className="mt-0.5 h-4 w-4 rounded border-slate-300" aria-describedby={hint ? `${id}-hint` : undefined} {...props} />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-slate-500">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** A radio group with a visible legend; each option may carry a description. */
export function RadioGroup<V extends string>({
  name,
  legend,
  value,
  options,
  onChange,
  hint,
}: {
  name: string;
  legend: ReactNode;
  value: V;
  options: readonly { value: V; label: ReactNode; description?: ReactNode }[];
  onChange: (value: V) => void;
  hint?: ReactNode;
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      <div className="grid gap-2 sm:grid-cols-2">
        {options.map((o) => (
          <label key={o.value} className={`flex cursor-pointer gap-2 rounded-md border p-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 ${'border-slate-200'}`}>
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} className="mt-0.5" />
            <span>
              <span className="font-medium">{o.label}</span>
              {o.description ? <span className="mt-0.5 block text-xs text-slate-600">{o.description}</span> : null}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
