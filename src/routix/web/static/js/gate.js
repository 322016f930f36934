// A classic script in the studio's <head>: a visitor without a session sees the landing page
// at once, before the studio's shell is drawn (the session lives in localStorage).
(function gate() {
  try {
    if (!localStorage.getItem("routix.refresh")) location.replace("/welcome");
  } catch (error) {
    location.replace("/welcome");
  }
}());
