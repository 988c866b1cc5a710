document.getElementById('app')!.textContent = 'Dense Lab';
