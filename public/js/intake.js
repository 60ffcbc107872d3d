// The intake form, enhanced: autosave a moment after typing stops, a character counter, show-if
// rules applied as answers change, and a clear choice when another tab saved first. Without this
// file the form still works through its Save draft / Next buttons.
(function () {
  'use strict';
  var DELAY_MS = 1500;

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  // The page's language, and its words from the template (data-words, from the message catalogs).
  var LANG = document.documentElement.lang || 'en';
  var WORDS = null;
  function fromData(name) {
    var el = document.querySelector('[' + name + ']');
    try { return JSON.parse((el && el.getAttribute(name)) || '{}'); } catch (e) { return {}; }
  }
  function words() {
    if (!WORDS) WORDS = { words: fromData('data-words'), messages: fromData('data-messages') };
    return WORDS;
  }
  function say_(key, params, fallback) {
    var text = words().words[key] || fallback || key;
    Object.keys(params || {}).forEach(function (name) { text = text.split('{' + name + '}').join(String(params[name])); });
    return text;
  }
  function clock(date) { return date.toLocaleTimeString(LANG, { hour: '2-digit', minute: '2-digit' }); }

  function counters() {
    $all('textarea[data-counter]').forEach(function (area) {
      var out = document.getElementById('count-' + area.id);
      var limit = Number(area.getAttribute('maxlength'));
      function update() {
        var used = Array.from(area.value).length;
        out.textContent = say_('counter', { used: used.toLocaleString(LANG), limit: limit.toLocaleString(LANG) }, '{used} of {limit} characters');
        out.classList.toggle('near-limit', used > limit * 0.9);
      }
      area.addEventListener('input', update);
      update();
    });
  }

  function valueOf(block) {
    var boxes = $all('input[type=checkbox]', block);
    if (boxes.length) return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    var radios = $all('input[type=radio]', block);
    if (radios.length) {
      var on = radios.filter(function (r) { return r.checked; })[0];
      return on ? on.value : '';
    }
    var field = $('input, textarea, select', block);
    return field ? field.value : '';
  }

  function showIfRules(form) {
    var rules = $all('[data-show-if]', form);
    function apply() {
      rules.forEach(function (block) {
        var source = document.getElementById(block.getAttribute('data-show-if'));
        var sourceBlock = source && source.closest('[data-question]');
        if (!sourceBlock) return;
        var given = valueOf(sourceBlock);
        var wanted = block.getAttribute('data-show-value');
        var holds = Array.isArray(given) ? given.indexOf(wanted) !== -1 : given === wanted;
        block.hidden = !holds || sourceBlock.hidden;
        var hint = $('.condition', block);
        if (hint) hint.hidden = true;
      });
    }
    form.addEventListener('change', apply);
    apply();
  }

  function autosave(form) {
    var api = form.getAttribute('data-api');
    var csrf = form.getAttribute('data-csrf');
    var status = $('[data-save-status]', form);
    var revisionField = $('[data-revision-field]', form);
    var dirty = {};
    var timer = null;
    var inFlight = null;
    var resubmitting = false;

    function say(text, isProblem) {
      status.textContent = text;
      status.classList.toggle('field-error', !!isProblem);
    }

    function markProblem(id, message) {
      var block = $('[data-question="' + id.replace(/"/g, '') + '"]', form);
      if (!block) return;
      var note = $('[data-live-error]', block);
      if (!message) { if (note) note.remove(); block.classList.remove('has-error'); return; }
      if (!note) {
        note = document.createElement('p');
        note.className = 'field-error';
        note.setAttribute('data-live-error', '');
        var label = $('label, legend', block);
        label.parentNode.insertBefore(note, label.nextSibling);
      }
      // The API writes in English: the page's own words for it, when the catalog has them.
      var known = LANG === 'en' ? message : words().messages[message];
      note.textContent = known
        ? say_('not_saved_answer', { message: known }, 'Not saved yet: this answer {message}.')
        : say_('not_saved_check', null, 'Not saved yet: please check this answer.');
      block.classList.add('has-error');
    }

    function request(method, body) {
      return fetch(api + (method === 'PUT' ? '/draft' : ''), {
        method: method,
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
        body: body ? JSON.stringify(body) : undefined,
      }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (json) { return { status: res.status, json: json }; });
      });
    }

    function save(retried) {
      timer = null;
      var ids = Object.keys(dirty);
      if (!ids.length || inFlight) return inFlight;
      var answers = {};
      ids.forEach(function (id) { answers[id] = dirty[id]; });
      dirty = {};
      say(say_('saving', null, 'Saving…'));
      inFlight = request('PUT', { revision: Number(revisionField.value), answers: answers })
        .then(function (r) {
          inFlight = null;
          if (r.status === 200) {
            revisionField.value = r.json.revision;
            ids.forEach(function (id) { markProblem(id, null); });
            say(say_('saved_at', { time: clock(new Date(r.json.savedAt)) }, 'Saved at {time}.'));
            if (Object.keys(dirty).length) schedule();
            return;
          }
          if (r.status === 400 && r.json.fields && !retried) {
            // Keep the good answers: save them now, and say which ones need a look.
            var bad = Object.keys(r.json.fields);
            bad.forEach(function (id) { markProblem(id, r.json.fields[id]); });
            // Newer typing (already back in `dirty`) wins over what this save carried.
            ids.filter(function (id) { return bad.indexOf(id) === -1 && !(id in dirty); }).forEach(function (id) { dirty[id] = answers[id]; });
            if (!Object.keys(dirty).length) { say(say_('some_not_saved', null, 'Some answers are not saved yet.'), true); return; }
            return save(true);
          }
          Object.keys(answers).forEach(function (id) { if (!(id in dirty)) dirty[id] = answers[id]; });
          if (r.status === 409 && r.json.code === 'DRAFT_CONFLICT') return conflict();
          say(LANG === 'en' && r.json.message ? r.json.message : say_('not_saved_button', null, 'Not saved. Use the Save draft button below.'), true);
        })
        .catch(function () {
          inFlight = null;
          Object.keys(answers).forEach(function (id) { if (!(id in dirty)) dirty[id] = answers[id]; });
          say(say_('offline', null, 'Not saved: the connection seems to be down. We will try again in a moment.'), true);
          setTimeout(schedule, 10000);
        });
      return inFlight;
    }

    function schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, DELAY_MS);
    }

    function conflict() {
      return request('GET').then(function (r) {
        if (r.status !== 200) { say(LANG === 'en' && r.json.message ? r.json.message : say_('not_saved', null, 'Not saved.'), true); return; }
        var panel = $('[data-conflict]') || document.createElement('section');
        panel.setAttribute('data-conflict', '');
        panel.className = 'warning conflict-panel';
        panel.setAttribute('role', 'alert');
        panel.innerHTML = '';
        var h = document.createElement('h2');
        h.textContent = say_('conflict_heading', null, 'These answers were changed in another window or device');
        panel.appendChild(h);
        var p = document.createElement('p');
        p.textContent = say_('conflict_lead', null, 'Choose which version to keep. Nothing is lost until you choose.');
        panel.appendChild(p);
        var list = document.createElement('dl');
        Object.keys(dirty).forEach(function (id) {
          var block = $('[data-question="' + id + '"]', form);
          var label = block ? $('label, legend', block).textContent.trim() : id;
          var saved = r.json.answers[id];
          var dt = document.createElement('dt');
          dt.textContent = label;
          var mine = document.createElement('dd');
          mine.textContent = say_('yours', { value: [].concat(dirty[id]).join(', ') }, 'Yours: {value}');
          var theirs = document.createElement('dd');
          theirs.textContent = say_('saved', { value: saved === undefined || saved === null ? say_('empty', null, '(empty)') : [].concat(saved).join(', ') }, 'Saved: {value}');
          list.appendChild(dt); list.appendChild(mine); list.appendChild(theirs);
        });
        panel.appendChild(list);
        var keep = document.createElement('button');
        keep.type = 'button';
        keep.className = 'button';
        keep.textContent = say_('keep_mine', null, 'Keep mine');
        keep.addEventListener('click', function () {
          revisionField.value = r.json.revision;
          panel.remove();
          save();
        });
        var take = document.createElement('button');
        take.type = 'button';
        take.className = 'button secondary';
        take.textContent = say_('use_saved', null, 'Use the saved version');
        take.addEventListener('click', function () { window.location.reload(); });
        panel.appendChild(keep);
        panel.appendChild(document.createTextNode(' '));
        panel.appendChild(take);
        form.parentNode.insertBefore(panel, form);
        say(say_('choose', null, 'Not saved yet: choose a version above.'), true);
        keep.focus();
      });
    }

    function onEdit(event) {
      var block = event.target.closest('[data-question]');
      if (!block) return;
      dirty[block.getAttribute('data-question')] = valueOf(block);
      schedule();
    }
    form.addEventListener('input', onEdit);
    form.addEventListener('change', onEdit);

    // The buttons post the whole section with the latest revision, so wait for a save in flight.
    form.addEventListener('submit', function (event) {
      if (resubmitting || !inFlight) { if (timer) clearTimeout(timer); return; }
      event.preventDefault();
      var submitter = event.submitter;
      inFlight.then(function () {
        resubmitting = true;
        if (timer) clearTimeout(timer);
        form.requestSubmit(submitter);
      });
    });
  }

  function submitOnce() {
    $all('form[data-submit-once]').forEach(function (form) {
      form.addEventListener('submit', function () {
        var button = $('button[type=submit]', form);
        // Disabled after the browser has read the form, so the click still counts once.
        var busy = form.getAttribute('data-submitting') || say_('submitting', null, 'Submitting…');
        setTimeout(function () { button.disabled = true; button.textContent = busy; }, 0);
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    counters();
    submitOnce();
    var form = $('form[data-intake]');
    if (!form) return;
    showIfRules(form);
    if (window.fetch && form.requestSubmit) autosave(form);
  });
})();
