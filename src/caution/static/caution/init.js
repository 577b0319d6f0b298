// Progressive enhancement only: every page works without this file.
import { initAll } from '../govuk-frontend/govuk-frontend.min.js'

initAll()

// GOV.UK Frontend marks a radio that reveals content as expanded or not, but ARIA allows
// aria-expanded on no radio (axe: aria-allowed-attr). The revealed content follows its
// radio at once, so nothing is lost by taking the attribute off again after each change.
function radiosNotExpandable () {
  document.querySelectorAll('.govuk-radios__input[aria-expanded]').forEach(function (radio) {
    radio.removeAttribute('aria-expanded')
  })
}
radiosNotExpandable()
document.addEventListener('click', radiosNotExpandable)
document.addEventListener('change', radiosNotExpandable)
