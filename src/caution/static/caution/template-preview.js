// Live preview of a letter template (progressive enhancement: without JavaScript the
// "Preview" button does the same). As the administrator types, the form is sent to the
// preview address and the preview below it is replaced with the answer.
const form = document.querySelector('form[data-live-preview]')
const target = document.getElementById('preview')
let timer
let latest = 0

async function refresh () {
  const asked = ++latest
  const response = await fetch(form.dataset.livePreview, {
    method: 'POST',
    body: new FormData(form),
    credentials: 'same-origin'
  })
  // Only the answer to the latest edit is shown, whatever order the answers come in.
  if (response.ok && asked === latest) {
    target.innerHTML = await response.text()
  }
}

if (form && target) {
  form.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(refresh, 400)
  })
}
