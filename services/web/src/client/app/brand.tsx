export function Brand() {
  return (
    <div className="brand">
      <span className="brand-mark" aria-hidden="true">
        R
      </span>
      <span>Relay</span>
    </div>
  );
}
